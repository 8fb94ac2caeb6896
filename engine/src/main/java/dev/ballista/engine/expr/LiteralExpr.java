package dev.ballista.engine.expr;

import dev.ballista.engine.exec.Batch;
import dev.ballista.engine.exec.TaskContext;
import dev.ballista.engine.types.DataType;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.VarCharVector;

/**
 * A constant. The value is held in its engine lane: Long for integral, long-decimal (unscaled), date (days),
 * time/timestamp (micros) and interval types; Double for REAL/DOUBLE; BigDecimal for wide decimals; String;
 * Boolean; or null. Kernels read {@link #value()} directly instead of evaluating a constant vector.
 */
public record LiteralExpr(DataType type, Object value) implements PhysicalExpr {
  public boolean isNull() {
    return value == null;
  }

  public long longValue() {
    return ((Number) value).longValue();
  }

  public double doubleValue() {
    return ((Number) value).doubleValue();
  }

  @Override
  public FieldVector evaluate(Batch batch, TaskContext context) {
    int rows = batch.rowCount();
    FieldVector v = Vectors.allocate(type, rows, context.allocator());
    if (value != null) {
      fill(v, rows);
    }
    v.setValueCount(rows);
    return v;
  }

  private void fill(FieldVector v, int rows) {
    switch (type.storage()) {
      case BIT -> {
        BitVector b = (BitVector) v;
        int bit = (Boolean) value ? 1 : 0;
        for (int i = 0; i < rows; i++) {
          b.set(i, bit);
        }
      }
      case INT8 -> {
        for (int i = 0; i < rows; i++) {
          ((TinyIntVector) v).set(i, (byte) longValue());
        }
      }
      case INT16 -> {
        for (int i = 0; i < rows; i++) {
          ((SmallIntVector) v).set(i, (short) longValue());
        }
      }
      case INT32 -> {
        int x = (int) longValue();
        for (int i = 0; i < rows; i++) {
          if (v instanceof DateDayVector d) {
            d.set(i, x);
          } else {
            ((IntVector) v).set(i, x);
          }
        }
      }
      case INT64 -> {
        long x = longValue();
        BigIntVector b = v instanceof BigIntVector bi ? bi : null;
        for (int i = 0; i < rows; i++) {
          if (b != null) {
            b.set(i, x);
          } else {
            v.getDataBuffer().setLong((long) i * 8, x);
            Vectors.setBit(v.getValidityBuffer(), i, true);
          }
        }
      }
      case FLOAT32 -> {
        for (int i = 0; i < rows; i++) {
          ((Float4Vector) v).set(i, (float) doubleValue());
        }
      }
      case FLOAT64 -> {
        for (int i = 0; i < rows; i++) {
          ((Float8Vector) v).set(i, doubleValue());
        }
      }
      case DECIMAL128 -> {
        BigDecimal d = (BigDecimal) value;
        for (int i = 0; i < rows; i++) {
          ((DecimalVector) v).set(i, d);
        }
      }
      case UTF8 -> {
        byte[] bytes = value.toString().getBytes(StandardCharsets.UTF_8);
        VarCharVector s = (VarCharVector) v;
        for (int i = 0; i < rows; i++) {
          s.setSafe(i, bytes);
        }
      }
    }
  }

  @Override
  public List<PhysicalExpr> children() {
    return List.of();
  }

  @Override
  public String toString() {
    return value == null ? "NULL" : value instanceof String s ? "'" + s + "'" : String.valueOf(value);
  }
}
