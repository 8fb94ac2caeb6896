package dev.ballista.engine.expr;

import org.apache.arrow.memory.ArrowBuf;

/**
 * {@code column op column} over two vectors of the same integer width, read in place ({@code l_commitdate <
 * l_receiptdate} in TPC-H Q4, Q12 and Q21). Every operator is "less than" or "equal", with the operands swapped
 * and/or the result negated, one loop per width; eight results are packed per byte.
 */
final class ColumnComparison {
  private ColumnComparison() {}

  /** Sets bit i of {@code bits} to {@code a(i) op b(i)} for i < rows; bits past the rows are 0. */
  static void compare(ComparisonExpr.Op op, ArrowBuf a, ArrowBuf b, boolean wide, ArrowBuf bits, int rows) {
    switch (op) {
      case LT -> compare(a, b, wide, false, false, bits, rows);
      case GE -> compare(a, b, wide, false, true, bits, rows);
      case GT -> compare(b, a, wide, false, false, bits, rows);
      case LE -> compare(b, a, wide, false, true, bits, rows);
      case EQ -> compare(a, b, wide, true, false, bits, rows);
      case NE -> compare(a, b, wide, true, true, bits, rows);
      default -> throw new IllegalStateException(op.toString());
    }
  }

  /** {@code a < b}, or {@code a == b} when {@code equal}, negated when {@code negate}; the flags are loop-invariant. */
  private static void compare(ArrowBuf a, ArrowBuf b, boolean wide, boolean equal, boolean negate, ArrowBuf bits,
      int rows) {
    int bytes = (rows + 7) >>> 3;
    for (int byteIndex = 0; byteIndex < bytes; byteIndex++) {
      int base = byteIndex << 3;
      int n = Math.min(8, rows - base);
      int packed = 0;
      if (wide) {
        for (int j = 0; j < n; j++) {
          long offset = (long) (base + j) << 3;
          long x = a.getLong(offset);
          long y = b.getLong(offset);
          packed |= ((equal ? x == y : x < y) ? 1 : 0) << j;
        }
      } else {
        for (int j = 0; j < n; j++) {
          long offset = (long) (base + j) << 2;
          int x = a.getInt(offset);
          int y = b.getInt(offset);
          packed |= ((equal ? x == y : x < y) ? 1 : 0) << j;
        }
      }
      bits.setByte(byteIndex, negate ? packed ^ ((1 << n) - 1) : packed);
    }
  }
}
