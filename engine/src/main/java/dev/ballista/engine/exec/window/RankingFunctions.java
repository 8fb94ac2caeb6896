package dev.ballista.engine.exec.window;

import dev.ballista.engine.ErrorCode;
import dev.ballista.engine.QueryException;
import dev.ballista.engine.expr.Vectors;
import dev.ballista.engine.types.DataType;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;

/** ROW_NUMBER, RANK, DENSE_RANK, PERCENT_RANK, CUME_DIST and NTILE: arithmetic on partition and peer bounds. */
final class RankingFunctions {
  private RankingFunctions() {}

  static FieldVector evaluate(WindowCall call, RowLayout layout, BufferAllocator allocator) {
    int rows = layout.rows;
    int[] ps = layout.partitionStart;
    int[] pe = layout.partitionEnd;
    switch (call.function()) {
      case PERCENT_RANK, CUME_DIST -> {
        FieldVector out = Vectors.allocate(call.type(), rows, allocator);
        ArrowBuf data = out.getDataBuffer();
        boolean percentRank = call.function() == WindowFunction.PERCENT_RANK;
        for (int i = 0; i < rows; i++) {
          double size = pe[i] - ps[i];
          double v = percentRank
              ? (size == 1 ? 0.0 : (layout.peerStart[i] - ps[i]) / (size - 1))
              : (layout.peerEnd[i] - ps[i]) / size;
          data.setDouble((long) i << 3, v);
        }
        return finish(out, rows);
      }
      default -> {
        long[] values = new long[rows];
        switch (call.function()) {
          case ROW_NUMBER -> {
            for (int i = 0; i < rows; i++) {
              values[i] = i - ps[i] + 1;
            }
          }
          case RANK -> {
            for (int i = 0; i < rows; i++) {
              values[i] = layout.peerStart[i] - ps[i] + 1;
            }
          }
          case DENSE_RANK -> {
            long rank = 0;
            for (int i = 0; i < rows; i++) {
              rank = ps[i] == i ? 1 : (layout.peerStart[i] == i ? rank + 1 : rank);
              values[i] = rank;
            }
          }
          case NTILE -> ntile(call.constant(), ps, pe, values, rows);
          default -> throw new IllegalStateException("not a ranking function: " + call.function());
        }
        return longs(call.type(), values, rows, allocator);
      }
    }
  }

  /** Buckets as even as possible, the first {@code size % n} one row larger (as PostgreSQL and DataFusion). */
  private static void ntile(long buckets, int[] ps, int[] pe, long[] values, int rows) {
    if (buckets <= 0) {
      throw new QueryException(ErrorCode.VALIDATION_ERROR, "NTILE's argument must be positive, got " + buckets);
    }
    for (int i = 0; i < rows; i++) {
      long size = pe[i] - ps[i];
      long k = i - ps[i];
      long small = size / buckets;
      long larger = size % buckets;
      long inLarger = larger * (small + 1);
      values[i] = k < inLarger ? k / (small + 1) + 1 : larger + (k - inLarger) / small + 1;
    }
  }

  /** Writes integers into a vector of an integral type (BIGINT or INTEGER, as the planner typed the call). */
  static FieldVector longs(DataType type, long[] values, int rows, BufferAllocator allocator) {
    FieldVector out = Vectors.allocate(type, rows, allocator);
    ArrowBuf data = out.getDataBuffer();
    switch (type.storage()) {
      case INT64 -> {
        for (int i = 0; i < rows; i++) {
          data.setLong((long) i << 3, values[i]);
        }
      }
      case INT32 -> {
        for (int i = 0; i < rows; i++) {
          data.setInt((long) i << 2, (int) values[i]);
        }
      }
      case FLOAT64 -> {
        for (int i = 0; i < rows; i++) {
          data.setDouble((long) i << 3, values[i]);
        }
      }
      default -> throw new IllegalStateException("ranking result of type " + type);
    }
    return finish(out, rows);
  }

  private static FieldVector finish(FieldVector out, int rows) {
    Vectors.setAllValid(out, rows);
    out.setValueCount(rows);
    return out;
  }
}
