package dev.ballista.engine.expr;

import dev.ballista.engine.exec.Batch;
import dev.ballista.engine.exec.TaskContext;
import dev.ballista.engine.types.DataType;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;

/**
 * An operand of a kernel that computes on 64-bit integers (integral types, DECIMAL(p<=18) unscaled values, dates,
 * times, intervals): either a constant or a vector of 8-byte values. Narrower inputs are widened once here, so
 * kernels have a single tight loop.
 */
final class LongLane implements AutoCloseable {
  final boolean constant;
  final long constantValue;
  final boolean constantNull;
  final ArrowBuf data;
  final ArrowBuf validity;
  private final FieldVector owned;

  private LongLane(long value, boolean isNull) {
    constant = true;
    constantValue = value;
    constantNull = isNull;
    data = null;
    validity = null;
    owned = null;
  }

  private LongLane(FieldVector vector) {
    constant = false;
    constantValue = 0;
    constantNull = false;
    owned = vector;
    data = vector.getDataBuffer();
    validity = Vectors.validityOrNull(vector);
  }

  static LongLane of(PhysicalExpr expr, Batch batch, TaskContext context) {
    if (expr instanceof LiteralExpr lit) {
      return lit.isNull() ? new LongLane(0, true) : new LongLane(lit.longValue(), false);
    }
    FieldVector v = expr.evaluate(batch, context);
    return new LongLane(widen(v, expr.type(), batch.rowCount(), context));
  }

  long get(int i) {
    return constant ? constantValue : data.getLong((long) i << 3);
  }

  /** Converts a narrower integer vector to 8-byte values (closing the input). */
  static FieldVector widen(FieldVector v, DataType type, int rows, TaskContext context) {
    DataType.Storage storage = type.storage();
    if (storage == DataType.Storage.INT64) {
      return v;
    }
    try (v) {
      BigIntVector out = Vectors.allocateLongs(DataType.BIGINT, rows, context.allocator());
      ArrowBuf src = v.getDataBuffer();
      ArrowBuf dst = out.getDataBuffer();
      switch (storage) {
        case INT8 -> {
          for (int i = 0; i < rows; i++) {
            dst.setLong((long) i << 3, src.getByte(i));
          }
        }
        case INT16 -> {
          for (int i = 0; i < rows; i++) {
            dst.setLong((long) i << 3, src.getShort((long) i << 1));
          }
        }
        case INT32 -> {
          for (int i = 0; i < rows; i++) {
            dst.setLong((long) i << 3, src.getInt((long) i << 2));
          }
        }
        default -> throw new IllegalStateException("not an integer lane: " + type);
      }
      copyValidity(v, out, rows);
      out.setValueCount(rows);
      return out;
    }
  }

  static void copyValidity(FieldVector from, FieldVector to, int rows) {
    ArrowBuf validity = Vectors.validityOrNull(from);
    if (validity == null) {
      Vectors.setAllValid(to, rows);
    } else {
      Vectors.andValidity(to.getValidityBuffer(), validity, null, rows);
    }
  }

  @Override
  public void close() {
    if (owned != null) {
      owned.close();
    }
  }
}
