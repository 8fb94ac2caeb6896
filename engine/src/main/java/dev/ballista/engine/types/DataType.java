package dev.ballista.engine.types;

import java.util.Objects;

/**
 * A SQL type as the engine executes it. Each type has one physical Arrow storage: DECIMAL with precision up to
 * 18 is a scaled 64-bit integer (BigIntVector), so filters, arithmetic and aggregation never touch BigDecimal;
 * {@link ClientTypes} converts to Arrow's Decimal128 at the edge, when results leave the engine.
 */
public final class DataType {
  public enum Kind {
    NULL, BOOLEAN, TINYINT, SMALLINT, INTEGER, BIGINT, REAL, DOUBLE, DECIMAL, VARCHAR, DATE, TIME, TIMESTAMP,
    /** Day-time interval, stored as milliseconds in a BigIntVector. */
    INTERVAL_DAY_TIME,
    /** Year-month interval, stored as months in an IntVector. */
    INTERVAL_YEAR_MONTH
  }

  /** Largest DECIMAL precision held as a scaled long. */
  public static final int MAX_LONG_DECIMAL_PRECISION = 18;
  public static final int MAX_DECIMAL_PRECISION = 38;

  public static final DataType NULL = new DataType(Kind.NULL, 0, 0);
  public static final DataType BOOLEAN = new DataType(Kind.BOOLEAN, 0, 0);
  public static final DataType TINYINT = new DataType(Kind.TINYINT, 0, 0);
  public static final DataType SMALLINT = new DataType(Kind.SMALLINT, 0, 0);
  public static final DataType INTEGER = new DataType(Kind.INTEGER, 0, 0);
  public static final DataType BIGINT = new DataType(Kind.BIGINT, 0, 0);
  public static final DataType REAL = new DataType(Kind.REAL, 0, 0);
  public static final DataType DOUBLE = new DataType(Kind.DOUBLE, 0, 0);
  public static final DataType VARCHAR = new DataType(Kind.VARCHAR, 0, 0);
  public static final DataType DATE = new DataType(Kind.DATE, 0, 0);
  public static final DataType TIME = new DataType(Kind.TIME, 0, 0);
  public static final DataType TIMESTAMP = new DataType(Kind.TIMESTAMP, 0, 0);
  public static final DataType INTERVAL_DAY_TIME = new DataType(Kind.INTERVAL_DAY_TIME, 0, 0);
  public static final DataType INTERVAL_YEAR_MONTH = new DataType(Kind.INTERVAL_YEAR_MONTH, 0, 0);

  private final Kind kind;
  private final int precision;
  private final int scale;

  private DataType(Kind kind, int precision, int scale) {
    this.kind = kind;
    this.precision = precision;
    this.scale = scale;
  }

  public static DataType decimal(int precision, int scale) {
    if (precision < 1 || precision > MAX_DECIMAL_PRECISION || scale < 0 || scale > precision) {
      throw new IllegalArgumentException("invalid DECIMAL(" + precision + ", " + scale + ")");
    }
    return new DataType(Kind.DECIMAL, precision, scale);
  }

  public static DataType of(Kind kind) {
    return switch (kind) {
      case NULL -> NULL;
      case BOOLEAN -> BOOLEAN;
      case TINYINT -> TINYINT;
      case SMALLINT -> SMALLINT;
      case INTEGER -> INTEGER;
      case BIGINT -> BIGINT;
      case REAL -> REAL;
      case DOUBLE -> DOUBLE;
      case VARCHAR -> VARCHAR;
      case DATE -> DATE;
      case TIME -> TIME;
      case TIMESTAMP -> TIMESTAMP;
      case INTERVAL_DAY_TIME -> INTERVAL_DAY_TIME;
      case INTERVAL_YEAR_MONTH -> INTERVAL_YEAR_MONTH;
      case DECIMAL -> throw new IllegalArgumentException("DECIMAL needs precision and scale");
    };
  }

  public Kind kind() {
    return kind;
  }

  public int precision() {
    return precision;
  }

  public int scale() {
    return scale;
  }

  /** True for DECIMALs stored as scaled longs. */
  public boolean isLongDecimal() {
    return kind == Kind.DECIMAL && precision <= MAX_LONG_DECIMAL_PRECISION;
  }

  public boolean isIntegral() {
    return kind == Kind.TINYINT || kind == Kind.SMALLINT || kind == Kind.INTEGER || kind == Kind.BIGINT;
  }

  public boolean isFloating() {
    return kind == Kind.REAL || kind == Kind.DOUBLE;
  }

  public boolean isNumeric() {
    return isIntegral() || isFloating() || kind == Kind.DECIMAL;
  }

  /** Physical storage: which values a vector of this type holds. */
  public Storage storage() {
    return switch (kind) {
      case NULL, BOOLEAN -> Storage.BIT;
      case TINYINT -> Storage.INT8;
      case SMALLINT -> Storage.INT16;
      case INTEGER, DATE, INTERVAL_YEAR_MONTH -> Storage.INT32;
      case BIGINT, TIME, TIMESTAMP, INTERVAL_DAY_TIME -> Storage.INT64;
      case REAL -> Storage.FLOAT32;
      case DOUBLE -> Storage.FLOAT64;
      case DECIMAL -> isLongDecimal() ? Storage.INT64 : Storage.DECIMAL128;
      case VARCHAR -> Storage.UTF8;
    };
  }

  /** How values are laid out in memory; operators specialize their loops on this. */
  public enum Storage { BIT, INT8, INT16, INT32, INT64, FLOAT32, FLOAT64, DECIMAL128, UTF8 }

  @Override
  public boolean equals(Object o) {
    return o instanceof DataType t && t.kind == kind && t.precision == precision && t.scale == scale;
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, precision, scale);
  }

  /** SQL spelling, as users see it in DESCRIBE and error messages. */
  @Override
  public String toString() {
    return switch (kind) {
      case DECIMAL -> "DECIMAL(" + precision + ", " + scale + ")";
      case INTERVAL_DAY_TIME -> "INTERVAL DAY TO SECOND";
      case INTERVAL_YEAR_MONTH -> "INTERVAL YEAR TO MONTH";
      default -> kind.name();
    };
  }
}
