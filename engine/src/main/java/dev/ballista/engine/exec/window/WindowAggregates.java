package dev.ballista.engine.exec.window;

import dev.ballista.engine.ErrorCode;
import dev.ballista.engine.QueryException;
import dev.ballista.engine.exec.kernel.Gather;
import dev.ballista.engine.exec.sort.RowComparator;
import dev.ballista.engine.exec.sort.SortKey;
import dev.ballista.engine.expr.Vectors;
import dev.ballista.engine.types.DataType;
import java.math.BigInteger;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;

/**
 * COUNT, SUM, AVG, MIN and MAX over frames. Frames only move forward (see {@link FrameBounds}), so each function
 * keeps the rows [lo, hi) it has folded in and, per row, removes the rows that left the frame and adds the rows
 * that entered it: O(n) per partition whatever the frame size. Sums are exact (64-bit with overflow checks, or
 * 128-bit for DECIMAL(38)); MIN/MAX keep a monotonic queue of candidate rows and gather the winners.
 */
final class WindowAggregates {
  private static final BigInteger DECIMAL_LIMIT = BigInteger.TEN.pow(38);

  private WindowAggregates() {}

  static FieldVector count(WindowCall call, FieldVector argument, FrameBounds frames, int rows,
      BufferAllocator allocator) {
    long[] counts = new long[rows];
    if (argument == null || argument.getNullCount() == 0) {
      for (int i = 0; i < rows; i++) {
        counts[i] = frames.end[i] - frames.start[i];
      }
    } else {
      // Prefix counts of non-NULL rows: the count of a frame is a difference of two of them.
      int[] prefix = new int[rows + 1];
      for (int i = 0; i < rows; i++) {
        prefix[i + 1] = prefix[i] + (argument.isNull(i) ? 0 : 1);
      }
      for (int i = 0; i < rows; i++) {
        counts[i] = prefix[frames.end[i]] - prefix[frames.start[i]];
      }
    }
    return RankingFunctions.longs(call.type(), counts, rows, allocator);
  }

  /** SUM, SUM0 (0 instead of NULL for frames without values) and AVG. */
  static FieldVector sum(WindowCall call, FieldVector argument, DataType argumentType, FrameBounds frames, int rows,
      BufferAllocator allocator) {
    ArgumentValues values = ArgumentValues.read(argument, argumentType, rows);
    DataType result = call.type();
    boolean average = call.function() == WindowFunction.AVG;
    if (average || result.isFloating() || values.doubles != null) {
      if (!result.isFloating()) {
        throw new QueryException(ErrorCode.NOT_SUPPORTED, call.function() + " of " + argumentType + " as "
            + result + " is not supported");
      }
      return sumDouble(call, values, frames, rows, allocator);
    }
    if (result.kind() == DataType.Kind.DECIMAL && argumentType.scale() != result.scale()) {
      throw new QueryException(ErrorCode.NOT_SUPPORTED, "SUM of " + argumentType + " as " + result
          + " is not supported");
    }
    return result.storage() == DataType.Storage.DECIMAL128
        ? sumInt128(call, values, frames, rows, allocator)
        : sumLong(call, values, frames, rows, allocator);
  }

  private static FieldVector sumLong(WindowCall call, ArgumentValues values, FrameBounds frames, int rows,
      BufferAllocator allocator) {
    boolean zero = call.function() == WindowFunction.SUM0;
    FieldVector out = Vectors.allocate(call.type(), rows, allocator);
    ArrowBuf data = out.getDataBuffer();
    ArrowBuf validity = out.getValidityBuffer();
    long[] v = values.longs;
    long sum = 0;
    int count = 0;
    int lo = 0;
    int hi = 0;
    try {
      for (int i = 0; i < rows; i++) {
        int s = frames.start[i];
        int e = frames.end[i];
        if (s >= hi) {
          sum = 0;
          count = 0;
          lo = s;
          hi = s;
        }
        for (; lo < s; lo++) {
          if (values.isValid(lo)) {
            sum = Math.subtractExact(sum, v[lo]);
            count--;
          }
        }
        for (; hi < e; hi++) {
          if (values.isValid(hi)) {
            sum = Math.addExact(sum, v[hi]);
            count++;
          }
        }
        data.setLong((long) i << 3, sum);
        if (count > 0 || zero) {
          Vectors.setBit(validity, i, true);
        }
      }
    } catch (ArithmeticException e) {
      out.close();
      throw new QueryException(ErrorCode.ARITHMETIC_ERROR, "SUM overflows " + call.type());
    }
    out.setValueCount(rows);
    return out;
  }

  private static FieldVector sumInt128(WindowCall call, ArgumentValues values, FrameBounds frames, int rows,
      BufferAllocator allocator) {
    boolean zero = call.function() == WindowFunction.SUM0;
    FieldVector out = Vectors.allocate(call.type(), rows, allocator);
    ArrowBuf data = out.getDataBuffer();
    ArrowBuf validity = out.getValidityBuffer();
    boolean wide = values.longs == null;
    long sumHigh = 0;
    long sumLow = 0;
    int count = 0;
    int lo = 0;
    int hi = 0;
    for (int i = 0; i < rows; i++) {
      int s = frames.start[i];
      int e = frames.end[i];
      if (s >= hi) {
        sumHigh = 0;
        sumLow = 0;
        count = 0;
        lo = s;
        hi = s;
      }
      for (; lo < s; lo++) {
        if (values.isValid(lo)) {
          // Subtracting is adding the two's complement negation.
          long l = wide ? values.low[lo] : values.longs[lo];
          long h = wide ? values.high[lo] : l >> 63;
          long negLow = -l;
          long negHigh = ~h + (l == 0 ? 1 : 0);
          long newLow = sumLow + negLow;
          sumHigh = sumHigh + negHigh + (Long.compareUnsigned(newLow, sumLow) < 0 ? 1 : 0);
          sumLow = newLow;
          count--;
        }
      }
      for (; hi < e; hi++) {
        if (values.isValid(hi)) {
          long l = wide ? values.low[hi] : values.longs[hi];
          long h = wide ? values.high[hi] : l >> 63;
          long newLow = sumLow + l;
          sumHigh = sumHigh + h + (Long.compareUnsigned(newLow, sumLow) < 0 ? 1 : 0);
          sumLow = newLow;
          count++;
        }
      }
      if (count > 0 || zero) {
        if (sumHigh != (sumLow >> 63)) {
          checkPrecision(call, sumHigh, sumLow, out);
        }
        data.setLong((long) i << 4, sumLow);
        data.setLong(((long) i << 4) + 8, sumHigh);
        Vectors.setBit(validity, i, true);
      }
    }
    out.setValueCount(rows);
    return out;
  }

  private static void checkPrecision(WindowCall call, long high, long low, FieldVector out) {
    BigInteger v = BigInteger.valueOf(high).shiftLeft(64).add(new BigInteger(Long.toUnsignedString(low)));
    if (v.abs().compareTo(DECIMAL_LIMIT) >= 0) {
      out.close();
      throw new QueryException(ErrorCode.ARITHMETIC_ERROR, "SUM overflows " + call.type());
    }
  }

  private static FieldVector sumDouble(WindowCall call, ArgumentValues values, FrameBounds frames, int rows,
      BufferAllocator allocator) {
    boolean average = call.function() == WindowFunction.AVG;
    boolean zero = call.function() == WindowFunction.SUM0;
    DataType argumentType = values.type;
    double divisor = argumentType.kind() == DataType.Kind.DECIMAL ? Math.pow(10, argumentType.scale()) : 1;
    // Exact inputs are summed exactly and divided at the end, so AVG of integers has no rounding drift.
    boolean exact = values.longs != null;
    FieldVector out = Vectors.allocate(call.type(), rows, allocator);
    ArrowBuf data = out.getDataBuffer();
    ArrowBuf validity = out.getValidityBuffer();
    boolean single = call.type().storage() == DataType.Storage.FLOAT32;
    double sum = 0;
    long exactSum = 0;
    int count = 0;
    int lo = 0;
    int hi = 0;
    try {
      for (int i = 0; i < rows; i++) {
        int s = frames.start[i];
        int e = frames.end[i];
        if (s >= hi) {
          sum = 0;
          exactSum = 0;
          count = 0;
          lo = s;
          hi = s;
        }
        for (; lo < s; lo++) {
          if (values.isValid(lo)) {
            if (exact) {
              exactSum = Math.subtractExact(exactSum, values.longs[lo]);
            } else {
              sum -= values.doubleAt(lo, divisor);
            }
            count--;
          }
        }
        for (; hi < e; hi++) {
          if (values.isValid(hi)) {
            if (exact) {
              exactSum = Math.addExact(exactSum, values.longs[hi]);
            } else {
              sum += values.doubleAt(hi, divisor);
            }
            count++;
          }
        }
        double total = exact ? exactSum / divisor : sum;
        if (count > 0) {
          double v = average ? total / count : total;
          if (single) {
            data.setFloat((long) i << 2, (float) v);
          } else {
            data.setDouble((long) i << 3, v);
          }
          Vectors.setBit(validity, i, true);
        } else if (zero) {
          Vectors.setBit(validity, i, true);
        }
      }
    } catch (ArithmeticException e) {
      out.close();
      throw new QueryException(ErrorCode.ARITHMETIC_ERROR, call.function() + " overflows BIGINT");
    }
    out.setValueCount(rows);
    return out;
  }

  /** MIN or MAX: the index of the winning row of each frame, from a queue of rows no later row beats yet. */
  static FieldVector minMax(WindowCall call, FieldVector argument, DataType argumentType, FrameBounds frames,
      int rows, BufferAllocator allocator) {
    boolean max = call.function() == WindowFunction.MAX;
    RowComparator comparator = new RowComparator(new FieldVector[] {argument}, new DataType[] {argumentType},
        new SortKey[] {new SortKey(0, max, false)}, rows);
    boolean nulls = argument.getNullCount() > 0;
    int[] queue = new int[rows];
    int head = 0;
    int tail = 0;
    int hi = 0;
    int[] winners = new int[rows];
    for (int i = 0; i < rows; i++) {
      int s = frames.start[i];
      int e = frames.end[i];
      hi = Math.max(hi, s);
      for (; hi < e; hi++) {
        if (nulls && argument.isNull(hi)) {
          continue;
        }
        // A new row makes every queued row that does not precede it in order useless: it outlives them.
        while (tail > head && comparator.compare(queue[tail - 1], hi) > 0) {
          tail--;
        }
        queue[tail++] = hi;
      }
      while (head < tail && queue[head] < s) {
        head++;
      }
      winners[i] = head < tail ? queue[head] : -1;
    }
    return Gather.take(argument, argumentType, winners, rows, allocator);
  }
}
