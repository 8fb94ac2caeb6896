package dev.ballista.jdbc;

import java.sql.DatabaseMetaData;
import java.sql.Types;
import java.util.List;
import org.apache.calcite.avatica.MetaImpl.MetaTypeInfo;

/** The SQL types the driver reads and binds, as DatabaseMetaData.getTypeInfo lists them. */
final class SupportedTypes {
  /** Avatica's MetaTypeInfo turns radix 0 into NUM_PREC_RADIX null, as JDBC wants for these. */
  private static final int NOT_NUMERIC = 0;

  private SupportedTypes() {}

  static List<MetaTypeInfo> all() {
    return List.of(
        type("BOOLEAN", Types.BOOLEAN, 1, null, false, NOT_NUMERIC),
        type("TINYINT", Types.TINYINT, 3, null, false, 10),
        type("SMALLINT", Types.SMALLINT, 5, null, false, 10),
        type("INTEGER", Types.INTEGER, 10, null, false, 10),
        type("BIGINT", Types.BIGINT, 19, null, false, 10),
        type("REAL", Types.REAL, 7, null, false, 10),
        type("DOUBLE", Types.DOUBLE, 15, null, false, 10),
        decimal(),
        type("VARCHAR", Types.VARCHAR, JdbcType.UNBOUNDED_LENGTH, "'", true, NOT_NUMERIC),
        type("VARBINARY", Types.VARBINARY, JdbcType.UNBOUNDED_LENGTH, "X'", false, NOT_NUMERIC),
        type("DATE", Types.DATE, 10, "DATE '", false, NOT_NUMERIC),
        type("TIME", Types.TIME, 18, "TIME '", false, NOT_NUMERIC),
        type("TIMESTAMP", Types.TIMESTAMP, 29, "TIMESTAMP '", false, NOT_NUMERIC));
  }

  private static MetaTypeInfo type(
      String name, int sqlType, int precision, String literalPrefix, boolean caseSensitive,
      int radix) {
    return new MetaTypeInfo(
        name,
        sqlType,
        precision,
        literalPrefix,
        literalPrefix == null ? null : "'",
        (short) DatabaseMetaData.typeNullable,
        caseSensitive,
        (short) DatabaseMetaData.typeSearchable,
        false,
        false,
        false,
        (short) 0,
        (short) (sqlType == Types.TIME || sqlType == Types.TIMESTAMP ? 9 : 0),
        radix);
  }

  private static MetaTypeInfo decimal() {
    return new MetaTypeInfo(
        "DECIMAL", Types.DECIMAL, 38, null, null, (short) DatabaseMetaData.typeNullable, false,
        (short) DatabaseMetaData.typeSearchable, false, false, false, (short) 0, (short) 38, 10);
  }
}
