package dev.ballista.engine.exec.agg;

import dev.ballista.engine.ErrorCode;
import dev.ballista.engine.QueryException;
import dev.ballista.engine.expr.Vectors;
import dev.ballista.engine.types.DataType;
import java.math.BigInteger;
import java.util.Arrays;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;

/**
 * SUM into DECIMAL(38, s): a 128-bit integer per group in two long arrays, so summing scaled longs costs an add
 * and a carry per row instead of a BigDecimal. Accepts 8-byte inputs (DECIMAL(p<=18) values) and 16-byte ones
 * (partial sums being merged).
 */
final class SumInt128Accumulator implements Accumulator {
  private static final BigInteger LIMIT = BigInteger.TEN.pow(38);

  private final DataType type;
  private final boolean inputIsInt128;
  private long[] high = new long[16];
  private long[] low = new long[16];
  private boolean[] seen = new boolean[16];

  SumInt128Accumulator(DataType type, DataType inputType) {
    this.type = type;
    this.inputIsInt128 = inputType.storage() == DataType.Storage.DECIMAL128;
  }

  @Override
  public void ensureCapacity(int groups) {
    if (groups > low.length) {
      int n = Math.max(groups, low.length * 2);
      high = Arrays.copyOf(high, n);
      low = Arrays.copyOf(low, n);
      seen = Arrays.copyOf(seen, n);
    }
  }

  @Override
  public void update(int[] groupIds, int rows, FieldVector argument) {
    ArrowBuf data = argument.getDataBuffer();
    ArrowBuf validity = Vectors.validityOrNull(argument);
    long[] hi = high;
    long[] lo = low;
    boolean[] z = seen;
    for (int i = 0; i < rows; i++) {
      if (validity != null && ((validity.getByte(i >> 3) >> (i & 7)) & 1) == 0) {
        continue;
      }
      int g = groupIds[i];
      long addLow;
      long addHigh;
      if (inputIsInt128) {
        addLow = data.getLong((long) i << 4);
        addHigh = data.getLong(((long) i << 4) + 8);
      } else {
        addLow = data.getLong((long) i << 3);
        addHigh = addLow >> 63;
      }
      long sumLow = lo[g] + addLow;
      long carry = Long.compareUnsigned(sumLow, lo[g]) < 0 ? 1 : 0;
      long oldHigh = hi[g];
      long sumHigh = oldHigh + addHigh + carry;
      // Signed overflow of the high word: both addends had one sign and the sum has the other.
      if (((oldHigh ^ sumHigh) & (addHigh ^ sumHigh)) < 0) {
        throw new QueryException(ErrorCode.ARITHMETIC_ERROR, "SUM overflows " + type);
      }
      lo[g] = sumLow;
      hi[g] = sumHigh;
      z[g] = true;
    }
  }

  @Override
  public FieldVector result(int from, int count, BufferAllocator allocator) {
    FieldVector out = Vectors.allocate(type, count, allocator);
    ArrowBuf data = out.getDataBuffer();
    for (int i = 0; i < count; i++) {
      int g = from + i;
      if (!seen[g]) {
        continue;
      }
      if (high[g] != (low[g] >> 63)) {
        checkPrecision(high[g], low[g]);
      }
      data.setLong((long) i << 4, low[g]);
      data.setLong(((long) i << 4) + 8, high[g]);
      Vectors.setBit(out.getValidityBuffer(), i, true);
    }
    out.setValueCount(count);
    return out;
  }

  private void checkPrecision(long hi, long lo) {
    BigInteger v = BigInteger.valueOf(hi).shiftLeft(64).add(new BigInteger(Long.toUnsignedString(lo)));
    if (v.abs().compareTo(LIMIT) >= 0) {
      throw new QueryException(ErrorCode.ARITHMETIC_ERROR, "SUM overflows " + type);
    }
  }
}
