package dev.ballista.engine.exec.agg;

import dev.ballista.engine.ErrorCode;
import dev.ballista.engine.QueryException;
import dev.ballista.engine.expr.Vectors;
import dev.ballista.engine.types.DataType;
import java.util.Arrays;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;

/**
 * SUM into a 64-bit result (BIGINT, or DECIMAL(p<=18) as scaled longs) with overflow detection. The input is
 * already widened to 8-byte values. With {@code zeroWhenEmpty} (SUM0) a group without values gives 0, not NULL.
 */
final class SumLongAccumulator implements Accumulator {
  private final DataType type;
  private final boolean zeroWhenEmpty;
  private long[] sums = new long[16];
  private boolean[] seen = new boolean[16];

  SumLongAccumulator(DataType type, boolean zeroWhenEmpty) {
    this.type = type;
    this.zeroWhenEmpty = zeroWhenEmpty;
  }

  @Override
  public void ensureCapacity(int groups) {
    if (groups > sums.length) {
      int n = Math.max(groups, sums.length * 2);
      sums = Arrays.copyOf(sums, n);
      seen = Arrays.copyOf(seen, n);
    }
  }

  @Override
  public void update(int[] groupIds, int rows, FieldVector argument) {
    ArrowBuf data = argument.getDataBuffer();
    ArrowBuf validity = Vectors.validityOrNull(argument);
    long[] s = sums;
    boolean[] z = seen;
    try {
      for (int i = 0; i < rows; i++) {
        if (validity == null || ((validity.getByte(i >> 3) >> (i & 7)) & 1) != 0) {
          int g = groupIds[i];
          s[g] = Math.addExact(s[g], data.getLong((long) i << 3));
          z[g] = true;
        }
      }
    } catch (ArithmeticException e) {
      throw new QueryException(ErrorCode.ARITHMETIC_ERROR, "SUM overflows " + type);
    }
  }

  @Override
  public FieldVector result(int from, int count, BufferAllocator allocator) {
    BigIntVector out = Vectors.allocateLongs(type, count, allocator);
    ArrowBuf data = out.getDataBuffer();
    for (int i = 0; i < count; i++) {
      data.setLong((long) i << 3, sums[from + i]);
      if (seen[from + i] || zeroWhenEmpty) {
        Vectors.setBit(out.getValidityBuffer(), i, true);
      }
    }
    out.setValueCount(count);
    return out;
  }
}
