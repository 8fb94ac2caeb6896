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
 * (partial sums being merged). 8-byte inputs first add into a plain long per group, folded into the 128-bit sum
 * only when that long would overflow (after about 10^9 rows of DECIMAL(15, 2) values), so the common case costs
 * what a BIGINT sum does.
 */
final class SumInt128Accumulator implements Accumulator {
  private static final BigInteger LIMIT = BigInteger.TEN.pow(38);

  private final DataType type;
  private final boolean inputIsInt128;
  private long[] high = new long[16];
  private long[] low = new long[16];
  /** Not yet folded into high/low: the sum of 8-byte inputs since the last fold. */
  private long[] pending = new long[16];
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
      pending = Arrays.copyOf(pending, n);
      seen = Arrays.copyOf(seen, n);
    }
  }

  @Override
  public void update(int[] groupIds, int rows, FieldVector argument) {
    if (!inputIsInt128) {
      updateLongs(groupIds, rows, argument);
      return;
    }
    // 16-byte inputs: partial sums being merged, few rows.
    ArrowBuf data = argument.getDataBuffer();
    ArrowBuf validity = Vectors.validityOrNull(argument);
    for (int i = 0; i < rows; i++) {
      if (validity != null && ((validity.getByte(i >> 3) >> (i & 7)) & 1) == 0) {
        continue;
      }
      int g = groupIds[i];
      add(g, data.getLong((long) i << 4), data.getLong(((long) i << 4) + 8));
      seen[g] = true;
    }
  }

  private void updateLongs(int[] groupIds, int rows, FieldVector argument) {
    ArrowBuf data = argument.getDataBuffer();
    ArrowBuf validity = Vectors.validityOrNull(argument);
    long[] p = pending;
    boolean[] z = seen;
    for (int i = 0; i < rows; i++) {
      if (validity != null && ((validity.getByte(i >> 3) >> (i & 7)) & 1) == 0) {
        continue;
      }
      int g = groupIds[i];
      long v = data.getLong((long) i << 3);
      long old = p[g];
      long sum = old + v;
      if (((old ^ sum) & (v ^ sum)) < 0) {
        fold(g, old);
        sum = v;
      }
      p[g] = sum;
      z[g] = true;
    }
  }

  /** Adds {@code value} into group g's 128-bit sum. */
  private void fold(int g, long value) {
    add(g, value, value >> 63);
  }

  /** Adds the 128-bit value (addHigh, addLow) into group g's sum; an overflow of 128 bits is an error. */
  private void add(int g, long addLow, long addHigh) {
    long sumLow = low[g] + addLow;
    long carry = Long.compareUnsigned(sumLow, low[g]) < 0 ? 1 : 0;
    long oldHigh = high[g];
    long sumHigh = oldHigh + addHigh + carry;
    // Signed overflow of the high word: both addends had one sign and the sum has the other.
    if (((oldHigh ^ sumHigh) & (addHigh ^ sumHigh)) < 0) {
      throw new QueryException(ErrorCode.ARITHMETIC_ERROR, "SUM overflows " + type);
    }
    low[g] = sumLow;
    high[g] = sumHigh;
  }

  @Override
  public FieldVector result(int from, int count, BufferAllocator allocator) {
    for (int g = from; g < from + count; g++) {
      if (pending[g] != 0) {
        fold(g, pending[g]);
        pending[g] = 0;
      }
    }
    // Checked before the vector exists, so an overflow error leaves nothing allocated behind.
    for (int g = from; g < from + count; g++) {
      if (seen[g] && high[g] != (low[g] >> 63)) {
        checkPrecision(high[g], low[g]);
      }
    }
    FieldVector out = Vectors.allocate(type, count, allocator);
    ArrowBuf data = out.getDataBuffer();
    for (int i = 0; i < count; i++) {
      int g = from + i;
      if (!seen[g]) {
        continue;
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
