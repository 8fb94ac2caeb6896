package dev.ballista.engine.exec.agg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ballista.engine.QueryException;
import dev.ballista.engine.expr.Vectors;
import dev.ballista.engine.types.DataType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Random;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.junit.jupiter.api.Test;

/**
 * SUM of DECIMAL(18, 2) values into DECIMAL(38, 2) is exact across 64-bit overflows of the running sum (values near
 * the long range, both signs), skips NULLs, gives NULL for a group without values, and fails past 38 digits.
 */
class SumInt128AccumulatorTest {
  private static final DataType INPUT = DataType.decimal(18, 2);
  private static final DataType RESULT = DataType.decimal(38, 2);

  @Test
  void sumsExactlyAcrossLongOverflows() {
    Random random = new Random(9);
    int groups = 4;
    BigInteger[] expected = new BigInteger[groups];
    java.util.Arrays.fill(expected, BigInteger.ZERO);
    SumInt128Accumulator sum = new SumInt128Accumulator(RESULT, INPUT);
    try (BufferAllocator allocator = new RootAllocator()) {
      for (int batch = 0; batch < 20; batch++) {
        int rows = 1000;
        int[] groupIds = new int[rows];
        try (BigIntVector v = Vectors.allocateLongs(INPUT, rows, allocator)) {
          for (int i = 0; i < rows; i++) {
            groupIds[i] = random.nextInt(groups - 1); // the last group gets no values
            if (random.nextInt(10) == 0) {
              v.setNull(i);
              continue;
            }
            long value = switch (groupIds[i]) {
              case 0 -> Long.MAX_VALUE - random.nextInt(1000); // overflows every other row
              case 1 -> Long.MIN_VALUE + random.nextInt(1000);
              default -> random.nextLong();
            };
            v.set(i, value);
            expected[groupIds[i]] = expected[groupIds[i]].add(BigInteger.valueOf(value));
          }
          v.setValueCount(rows);
          sum.ensureCapacity(groups);
          sum.update(groupIds, rows, v);
        }
      }
      try (DecimalVector out = (DecimalVector) sum.result(0, groups, allocator)) {
        for (int g = 0; g < groups - 1; g++) {
          assertEquals(new BigDecimal(expected[g], 2), out.getObject(g), "group " + g);
        }
        assertNull(out.getObject(groups - 1));
      }
    }
  }

  @Test
  void moreThan38DigitsIsAnOverflowError() {
    SumInt128Accumulator sum = new SumInt128Accumulator(RESULT, RESULT);
    try (BufferAllocator allocator = new RootAllocator();
         FieldVector v = Vectors.allocate(RESULT, 2, allocator)) {
      BigDecimal big = new BigDecimal(BigInteger.TEN.pow(37).multiply(BigInteger.valueOf(6)), 2);
      ((DecimalVector) v).set(0, big);
      ((DecimalVector) v).set(1, big);
      v.setValueCount(2);
      sum.ensureCapacity(1);
      sum.update(new int[] {0, 0}, 2, v);
      assertThrows(QueryException.class, () -> sum.result(0, 1, allocator).close());
    }
  }
}
