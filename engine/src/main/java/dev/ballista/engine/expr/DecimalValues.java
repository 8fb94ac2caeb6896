package dev.ballista.engine.expr;

import dev.ballista.engine.types.DataType;
import java.math.BigDecimal;
import java.math.BigInteger;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;

/** Reads and writes any numeric vector as BigDecimal: the slow, exact path for wide decimals. */
final class DecimalValues {
  private final FieldVector vector;
  private final DataType type;
  private final BigInteger limit;

  private DecimalValues(FieldVector vector, DataType type) {
    this.vector = vector;
    this.type = type;
    this.limit = type.kind() == DataType.Kind.DECIMAL ? BigInteger.TEN.pow(type.precision()) : null;
  }

  static DecimalValues of(FieldVector vector, DataType type) {
    return new DecimalValues(vector, type);
  }

  BigDecimal get(int i) {
    if (vector.isNull(i)) {
      return null;
    }
    return switch (type.storage()) {
      case INT64 -> BigDecimal.valueOf(vector.getDataBuffer().getLong((long) i << 3),
          type.kind() == DataType.Kind.DECIMAL ? type.scale() : 0);
      case INT32 -> BigDecimal.valueOf(vector.getDataBuffer().getInt((long) i << 2));
      case INT16 -> BigDecimal.valueOf(vector.getDataBuffer().getShort((long) i << 1));
      case INT8 -> BigDecimal.valueOf(vector.getDataBuffer().getByte(i));
      case FLOAT64 -> BigDecimal.valueOf(vector.getDataBuffer().getDouble((long) i << 3));
      case FLOAT32 -> BigDecimal.valueOf(vector.getDataBuffer().getFloat((long) i << 2));
      case DECIMAL128 -> ((DecimalVector) vector).getObject(i);
      default -> throw new IllegalStateException("not numeric: " + type);
    };
  }

  /** Writes {@code value} (already at the type's scale); false when it does not fit the precision. */
  boolean set(int i, BigDecimal value) {
    if (limit != null && value.unscaledValue().abs().compareTo(limit) >= 0) {
      return false;
    }
    switch (type.storage()) {
      case INT64 -> {
        vector.getDataBuffer().setLong((long) i << 3, value.unscaledValue().longValueExact());
        Vectors.setBit(vector.getValidityBuffer(), i, true);
      }
      case DECIMAL128 -> ((DecimalVector) vector).set(i, value);
      case FLOAT64 -> {
        vector.getDataBuffer().setDouble((long) i << 3, value.doubleValue());
        Vectors.setBit(vector.getValidityBuffer(), i, true);
      }
      default -> throw new IllegalStateException("cannot write decimals into " + type);
    }
    return true;
  }
}
