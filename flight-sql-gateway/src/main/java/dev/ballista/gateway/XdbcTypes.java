package dev.ballista.gateway;

import static org.apache.arrow.flight.sql.impl.FlightSql.XdbcDataType.XDBC_BIGINT;
import static org.apache.arrow.flight.sql.impl.FlightSql.XdbcDataType.XDBC_BIT;
import static org.apache.arrow.flight.sql.impl.FlightSql.XdbcDataType.XDBC_DATE;
import static org.apache.arrow.flight.sql.impl.FlightSql.XdbcDataType.XDBC_DATETIME;
import static org.apache.arrow.flight.sql.impl.FlightSql.XdbcDataType.XDBC_DECIMAL;
import static org.apache.arrow.flight.sql.impl.FlightSql.XdbcDataType.XDBC_DOUBLE;
import static org.apache.arrow.flight.sql.impl.FlightSql.XdbcDataType.XDBC_INTEGER;
import static org.apache.arrow.flight.sql.impl.FlightSql.XdbcDataType.XDBC_REAL;
import static org.apache.arrow.flight.sql.impl.FlightSql.XdbcDataType.XDBC_SMALLINT;
import static org.apache.arrow.flight.sql.impl.FlightSql.XdbcDataType.XDBC_TIME;
import static org.apache.arrow.flight.sql.impl.FlightSql.XdbcDataType.XDBC_TIMESTAMP;
import static org.apache.arrow.flight.sql.impl.FlightSql.XdbcDataType.XDBC_TINYINT;
import static org.apache.arrow.flight.sql.impl.FlightSql.XdbcDataType.XDBC_VARCHAR;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.apache.arrow.flight.sql.impl.FlightSql.Nullable;
import org.apache.arrow.flight.sql.impl.FlightSql.Searchable;
import org.apache.arrow.flight.sql.impl.FlightSql.XdbcDataType;
import org.apache.arrow.flight.sql.impl.FlightSql.XdbcDatetimeSubcode;

/** The SQL types Ballista supports, as GetXdbcTypeInfo rows (what ODBC/ADBC tools list as types). */
final class XdbcTypes {
  private static final int DECIMAL_MAX_PRECISION = 38;

  /** One type; {@code sqlType} and {@code subcode} follow ODBC: datetimes are DATETIME plus a subcode. */
  private record Type(String name, XdbcDataType type, Integer columnSize, String literalPrefix,
      String literalSuffix, List<String> createParams, boolean caseSensitive, Searchable searchable,
      Boolean unsigned, Integer minScale, Integer maxScale, XdbcDataType sqlType,
      XdbcDatetimeSubcode subcode, Integer radix) {

    static Type integer(String name, XdbcDataType type, int digits) {
      return new Type(name, type, digits, null, null, null, false, Searchable.SEARCHABLE_BASIC,
          false, 0, 0, type, null, 10);
    }

    static Type floating(String name, XdbcDataType type, int digits) {
      return new Type(name, type, digits, null, null, null, false, Searchable.SEARCHABLE_BASIC,
          false, null, null, type, null, 10);
    }

    static Type datetime(String name, XdbcDataType type, int length, XdbcDatetimeSubcode subcode) {
      return new Type(name, type, length, name + " '", "'", null, false,
          Searchable.SEARCHABLE_BASIC, null, null, null, XDBC_DATETIME, subcode, null);
    }

    List<Object> row() {
      return Arrays.asList(name, type.getNumber(), columnSize, literalPrefix, literalSuffix,
          createParams, Nullable.NULLABILITY_NULLABLE.getNumber(), caseSensitive,
          searchable.getNumber(), unsigned, false, false, name, minScale,
          maxScale, sqlType.getNumber(), subcode == null ? null : subcode.getNumber(), radix, null);
    }
  }

  private static final List<Type> TYPES = List.of(
      new Type("BOOLEAN", XDBC_BIT, 1, null, null, null, false, Searchable.SEARCHABLE_BASIC, null,
          null, null, XDBC_BIT, null, null),
      Type.integer("TINYINT", XDBC_TINYINT, 3),
      Type.integer("SMALLINT", XDBC_SMALLINT, 5),
      Type.integer("INTEGER", XDBC_INTEGER, 10),
      Type.integer("BIGINT", XDBC_BIGINT, 19),
      Type.floating("REAL", XDBC_REAL, 7),
      Type.floating("DOUBLE", XDBC_DOUBLE, 15),
      new Type("DECIMAL", XDBC_DECIMAL, DECIMAL_MAX_PRECISION, null, null,
          List.of("precision", "scale"), false, Searchable.SEARCHABLE_BASIC, false, 0,
          DECIMAL_MAX_PRECISION, XDBC_DECIMAL, null, 10),
      new Type("VARCHAR", XDBC_VARCHAR, Integer.MAX_VALUE, "'", "'", null, true,
          Searchable.SEARCHABLE_FULL, null, null, null, XDBC_VARCHAR, null, null),
      Type.datetime("DATE", XDBC_DATE, 10, XdbcDatetimeSubcode.XDBC_SUBCODE_DATE),
      Type.datetime("TIME", XDBC_TIME, 12, XdbcDatetimeSubcode.XDBC_SUBCODE_TIME),
      Type.datetime("TIMESTAMP", XDBC_TIMESTAMP, 26, XdbcDatetimeSubcode.XDBC_SUBCODE_TIMESTAMP));

  private XdbcTypes() {}

  /** Every type, or only those of {@code dataType} when not null; ordered by data type then name. */
  static List<List<Object>> rows(Integer dataType) {
    return TYPES.stream()
        .filter(t -> dataType == null || t.type().getNumber() == dataType)
        .sorted(Comparator.comparingInt((Type t) -> t.type().getNumber()).thenComparing(Type::name))
        .map(Type::row)
        .toList();
  }
}
