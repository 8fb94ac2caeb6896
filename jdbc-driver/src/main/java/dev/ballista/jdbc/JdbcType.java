package dev.ballista.jdbc;

import java.sql.DatabaseMetaData;
import java.sql.Types;
import org.apache.arrow.flight.sql.FlightSqlColumnMetadata;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.calcite.avatica.ColumnMetaData;
import org.apache.calcite.avatica.ColumnMetaData.Rep;

/**
 * How an Arrow type shows through JDBC: type code and name, precision, scale, the Java class
 * handed out, and the representation Avatica's accessors read from our rows.
 *
 * <p>Rows hold DATE as days since the epoch, TIME as milliseconds of the day and TIMESTAMP as
 * epoch milliseconds of the wall-clock time: Avatica's number-based accessors turn those into
 * {@code java.sql} values in the connection's time zone.
 */
record JdbcType(
    int sqlType, String typeName, int precision, int scale, boolean signed, Rep rep,
    String className) {

  static final int UNBOUNDED_LENGTH = Integer.MAX_VALUE;

  static JdbcType of(ArrowType type) {
    return switch (type.getTypeID()) {
      case Bool -> new JdbcType(Types.BOOLEAN, "BOOLEAN", 1, 0, false, Rep.BOOLEAN,
          Boolean.class.getName());
      case Int -> ofInt((ArrowType.Int) type);
      case FloatingPoint ->
          ((ArrowType.FloatingPoint) type).getPrecision() == FloatingPointPrecision.DOUBLE
              ? new JdbcType(Types.DOUBLE, "DOUBLE", 15, 0, true, Rep.DOUBLE,
                  Double.class.getName())
              : new JdbcType(Types.REAL, "REAL", 7, 0, true, Rep.FLOAT, Float.class.getName());
      case Decimal -> {
        ArrowType.Decimal decimal = (ArrowType.Decimal) type;
        yield decimal(decimal.getPrecision(), decimal.getScale());
      }
      case Utf8, LargeUtf8, Utf8View -> varchar();
      case Binary, LargeBinary, BinaryView -> new JdbcType(Types.VARBINARY, "VARBINARY",
          UNBOUNDED_LENGTH, 0, false, Rep.BYTE_STRING, byte[].class.getName());
      case FixedSizeBinary -> new JdbcType(Types.BINARY, "BINARY",
          ((ArrowType.FixedSizeBinary) type).getByteWidth(), 0, false, Rep.BYTE_STRING,
          byte[].class.getName());
      case Date -> new JdbcType(Types.DATE, "DATE", 10, 0, false, Rep.INTEGER,
          java.sql.Date.class.getName());
      case Time -> {
        int digits = fractionDigits(((ArrowType.Time) type).getUnit());
        yield new JdbcType(Types.TIME, "TIME", 8 + (digits == 0 ? 0 : digits + 1), digits, false,
            Rep.INTEGER, java.sql.Time.class.getName());
      }
      case Timestamp -> {
        int digits = fractionDigits(((ArrowType.Timestamp) type).getUnit());
        yield new JdbcType(Types.TIMESTAMP, "TIMESTAMP", 19 + (digits == 0 ? 0 : digits + 1),
            digits, false, Rep.LONG, java.sql.Timestamp.class.getName());
      }
      case Null -> new JdbcType(Types.NULL, "NULL", 0, 0, false, Rep.OBJECT,
          Object.class.getName());
      // Nested, interval and other types are shown as their text form.
      default -> varchar();
    };
  }

  static JdbcType decimal(int precision, int scale) {
    return new JdbcType(Types.DECIMAL, "DECIMAL", precision, scale, true, Rep.NUMBER,
        java.math.BigDecimal.class.getName());
  }

  static JdbcType varchar() {
    return new JdbcType(Types.VARCHAR, "VARCHAR", UNBOUNDED_LENGTH, 0, false, Rep.STRING,
        String.class.getName());
  }

  private static JdbcType ofInt(ArrowType.Int type) {
    int bits = type.getBitWidth();
    if (!type.getIsSigned()) {
      // Unsigned values are widened to the next signed type so that every value fits.
      return switch (bits) {
        case 8 -> ofInt(new ArrowType.Int(16, true));
        case 16 -> ofInt(new ArrowType.Int(32, true));
        case 32 -> ofInt(new ArrowType.Int(64, true));
        default -> decimal(20, 0);
      };
    }
    return switch (bits) {
      case 8 -> new JdbcType(Types.TINYINT, "TINYINT", 3, 0, true, Rep.BYTE,
          Byte.class.getName());
      case 16 -> new JdbcType(Types.SMALLINT, "SMALLINT", 5, 0, true, Rep.SHORT,
          Short.class.getName());
      case 32 -> new JdbcType(Types.INTEGER, "INTEGER", 10, 0, true, Rep.INTEGER,
          Integer.class.getName());
      default -> new JdbcType(Types.BIGINT, "BIGINT", 19, 0, true, Rep.LONG,
          Long.class.getName());
    };
  }

  private static int fractionDigits(TimeUnit unit) {
    return switch (unit) {
      case SECOND -> 0;
      case MILLISECOND -> 3;
      case MICROSECOND -> 6;
      case NANOSECOND -> 9;
    };
  }

  int displaySize() {
    return switch (sqlType) {
      case Types.BOOLEAN -> 5;
      case Types.DECIMAL -> precision + 2;
      case Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT -> precision + 1;
      case Types.REAL -> 15;
      case Types.DOUBLE -> 24;
      default -> precision;
    };
  }

  /** Column metadata for a result column or parameter read from an Arrow field. */
  ColumnMetaData columnMetaData(int ordinal, Field field, String label) {
    // Servers may say where a column comes from in Flight SQL's field metadata.
    FlightSqlColumnMetadata origin = new FlightSqlColumnMetadata(field.getMetadata());
    return new ColumnMetaData(
        ordinal,
        false,
        true,
        true,
        false,
        field.isNullable() ? DatabaseMetaData.columnNullable : DatabaseMetaData.columnNoNulls,
        signed,
        displaySize(),
        label,
        label,
        origin.getSchemaName(),
        precision,
        scale,
        origin.getTableName(),
        origin.getCatalogName(),
        ColumnMetaData.scalar(sqlType, typeName, rep),
        true,
        false,
        false,
        className);
  }
}
