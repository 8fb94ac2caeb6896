package dev.ballista.engine.expr;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.Test;

/**
 * Every operator over 32- and 64-bit values against constants inside, at the edge of and outside the 32-bit range,
 * for row counts that do not fill the last byte, agrees with Long.compare row by row; bits past the rows stay 0.
 */
class ConstantComparisonTest {
  private static final long[] CONSTANTS = {0, 1, -1, 17, Integer.MAX_VALUE, Integer.MIN_VALUE,
      Integer.MAX_VALUE + 1L, Integer.MIN_VALUE - 1L, Long.MAX_VALUE, Long.MIN_VALUE};

  @Test
  void agreesWithLongCompareForEveryOperatorWidthAndConstant() {
    Random random = new Random(3);
    try (BufferAllocator allocator = new RootAllocator()) {
      for (int rows : new int[] {0, 1, 7, 8, 9, 100, 1029}) {
        try (ArrowBuf ints = allocator.buffer(rows * 4L + 4);
             ArrowBuf longs = allocator.buffer(rows * 8L + 8);
             ArrowBuf bits = allocator.buffer((rows + 7) / 8 + 1)) {
          long[] intValues = new long[rows];
          long[] longValues = new long[rows];
          for (int i = 0; i < rows; i++) {
            int v = switch (i % 5) {
              case 0 -> random.nextInt(40) - 20;
              case 1 -> Integer.MAX_VALUE;
              case 2 -> Integer.MIN_VALUE;
              default -> random.nextInt();
            };
            intValues[i] = v;
            ints.setInt(i * 4L, v);
            longValues[i] = i % 3 == 0 ? random.nextLong() : v;
            longs.setLong(i * 8L, longValues[i]);
          }
          for (ComparisonExpr.Op op : ComparisonExpr.Op.values()) {
            for (long c : CONSTANTS) {
              check(op, ints, false, intValues, c, bits, rows);
              check(op, longs, true, longValues, c, bits, rows);
            }
          }
        }
      }
    }
  }

  @Test
  void flippedOperatorsSwapTheirOperands() {
    for (ComparisonExpr.Op op : ComparisonExpr.Op.values()) {
      for (long a = -1; a <= 1; a++) {
        for (long b = -1; b <= 1; b++) {
          assertEquals(op.test(Long.compare(a, b)), ConstantComparison.flipped(op).test(Long.compare(b, a)),
              a + " " + op + " " + b);
        }
      }
    }
  }

  private static void check(ComparisonExpr.Op op, ArrowBuf data, boolean wide, long[] values, long c, ArrowBuf bits,
      int rows) {
    bits.setZero(0, bits.capacity());
    ConstantComparison.compare(op, data, wide, c, bits, rows);
    for (int i = 0; i < rows; i++) {
      boolean expected = op.test(Long.compare(values[i], c));
      boolean actual = ((bits.getByte(i >> 3) >> (i & 7)) & 1) != 0;
      assertEquals(expected, actual, (wide ? "long " : "int ") + values[i] + " " + op + " " + c + " row " + i);
    }
    for (int i = rows; i < ((rows + 7) & ~7); i++) {
      assertEquals(0, (bits.getByte(i >> 3) >> (i & 7)) & 1, "bit past the rows " + i);
    }
  }
}
