package dev.ballista.engine.expr;

import dev.ballista.engine.types.DataType;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarCharVector;

/** Writes one lane value at a time (see {@link ValueReader}); the slow path's counterpart. */
public final class ValueWriter {
  private final FieldVector vector;
  private final DataType type;

  private ValueWriter(FieldVector vector, DataType type) {
    this.vector = vector;
    this.type = type;
  }

  public static ValueWriter of(FieldVector vector, DataType type) {
    return new ValueWriter(vector, type);
  }

  public void set(int i, Object v) {
    if (v == null) {
      if (vector instanceof VarCharVector s) {
        s.setNull(i);
      } else {
        Vectors.setBit(vector.getValidityBuffer(), i, false);
      }
      return;
    }
    switch (type.storage()) {
      case BIT -> ((BitVector) vector).setSafe(i, ((Boolean) v) ? 1 : 0);
      case DECIMAL128 -> ((DecimalVector) vector).setSafe(i, (BigDecimal) v);
      case UTF8 -> ((VarCharVector) vector).setSafe(i, v.toString().getBytes(StandardCharsets.UTF_8));
      default -> {
        ArrowBuf data = vector.getDataBuffer();
        switch (type.storage()) {
          case INT8 -> data.setByte(i, (byte) ((Number) v).longValue());
          case INT16 -> data.setShort((long) i << 1, (short) ((Number) v).longValue());
          case INT32 -> data.setInt((long) i << 2, (int) ((Number) v).longValue());
          case INT64 -> data.setLong((long) i << 3,
              v instanceof BigDecimal d ? d.setScale(type.scale()).unscaledValue().longValueExact() : ((Number) v).longValue());
          case FLOAT32 -> data.setFloat((long) i << 2, ((Number) v).floatValue());
          case FLOAT64 -> data.setDouble((long) i << 3, ((Number) v).doubleValue());
          default -> throw new IllegalStateException();
        }
        Vectors.setBit(vector.getValidityBuffer(), i, true);
      }
    }
  }
}
