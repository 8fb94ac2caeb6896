package dev.ballista.engine.expr;

import org.apache.arrow.memory.ArrowBuf;

/**
 * {@code column op column} over two vectors of the same integer width, read in place ({@code l_commitdate <
 * l_receiptdate} in TPC-H Q4, Q12 and Q21). Every operator is "less than" or "equal", with the operands swapped
 * and/or the result negated, so there are two loops per width; eight results are packed per byte.
 */
final class ColumnComparison {
  private ColumnComparison() {}

  /** Sets bit i of {@code bits} to {@code a(i) op b(i)} for i < rows; bits past the rows are 0. */
  static void compare(ComparisonExpr.Op op, ArrowBuf a, ArrowBuf b, boolean wide, ArrowBuf bits, int rows) {
    switch (op) {
      case LT -> less(a, b, wide, false, bits, rows);
      case GE -> less(a, b, wide, true, bits, rows);
      case GT -> less(b, a, wide, false, bits, rows);
      case LE -> less(b, a, wide, true, bits, rows);
      case EQ -> equal(a, b, wide, false, bits, rows);
      case NE -> equal(a, b, wide, true, bits, rows);
      default -> throw new IllegalStateException(op.toString());
    }
  }

  private static void less(ArrowBuf a, ArrowBuf b, boolean wide, boolean negate, ArrowBuf bits, int rows) {
    int bytes = (rows + 7) >>> 3;
    for (int byteIndex = 0; byteIndex < bytes; byteIndex++) {
      int base = byteIndex << 3;
      int n = Math.min(8, rows - base);
      int packed = 0;
      if (wide) {
        for (int j = 0; j < n; j++) {
          long offset = (long) (base + j) << 3;
          packed |= (a.getLong(offset) < b.getLong(offset) ? 1 : 0) << j;
        }
      } else {
        for (int j = 0; j < n; j++) {
          long offset = (long) (base + j) << 2;
          packed |= (a.getInt(offset) < b.getInt(offset) ? 1 : 0) << j;
        }
      }
      bits.setByte(byteIndex, negate ? packed ^ ((1 << n) - 1) : packed);
    }
  }

  private static void equal(ArrowBuf a, ArrowBuf b, boolean wide, boolean negate, ArrowBuf bits, int rows) {
    int bytes = (rows + 7) >>> 3;
    for (int byteIndex = 0; byteIndex < bytes; byteIndex++) {
      int base = byteIndex << 3;
      int n = Math.min(8, rows - base);
      int packed = 0;
      if (wide) {
        for (int j = 0; j < n; j++) {
          long offset = (long) (base + j) << 3;
          packed |= (a.getLong(offset) == b.getLong(offset) ? 1 : 0) << j;
        }
      } else {
        for (int j = 0; j < n; j++) {
          long offset = (long) (base + j) << 2;
          packed |= (a.getInt(offset) == b.getInt(offset) ? 1 : 0) << j;
        }
      }
      bits.setByte(byteIndex, negate ? packed ^ ((1 << n) - 1) : packed);
    }
  }
}
