package dev.ballista.engine.expr;

import org.apache.arrow.memory.ArrowBuf;

/**
 * {@code column op constant} over 4- or 8-byte integer values, the most common filter shape (dates, keys,
 * DECIMAL(p<=18) amounts). One loop per operator and width, so the comparison is not re-dispatched per row and
 * 32-bit columns are read in place instead of widened to a copy first; eight results are packed per byte.
 */
final class ConstantComparison {
  private ConstantComparison() {}

  /** Sets bit i of {@code bits} to {@code value(i) op c} for i < rows; {@code bits} starts zeroed or not. */
  static void compare(ComparisonExpr.Op op, ArrowBuf data, boolean wide, long c, ArrowBuf bits, int rows) {
    int bytes = (rows + 7) >>> 3;
    if (wide) {
      compareLongs(op, data, c, bits, rows, bytes);
    } else {
      compareInts(op, data, c, bits, rows, bytes);
    }
  }

  private static void compareLongs(ComparisonExpr.Op op, ArrowBuf data, long c, ArrowBuf bits, int rows, int bytes) {
    switch (op) {
      case EQ -> {
        for (int byteIndex = 0; byteIndex < bytes; byteIndex++) {
          int base = byteIndex << 3;
          int n = Math.min(8, rows - base);
          int packed = 0;
          for (int j = 0; j < n; j++) {
            packed |= (data.getLong((long) (base + j) << 3) == c ? 1 : 0) << j;
          }
          bits.setByte(byteIndex, packed);
        }
      }
      case NE -> {
        for (int byteIndex = 0; byteIndex < bytes; byteIndex++) {
          int base = byteIndex << 3;
          int n = Math.min(8, rows - base);
          int packed = 0;
          for (int j = 0; j < n; j++) {
            packed |= (data.getLong((long) (base + j) << 3) != c ? 1 : 0) << j;
          }
          bits.setByte(byteIndex, packed);
        }
      }
      case LT -> {
        for (int byteIndex = 0; byteIndex < bytes; byteIndex++) {
          int base = byteIndex << 3;
          int n = Math.min(8, rows - base);
          int packed = 0;
          for (int j = 0; j < n; j++) {
            packed |= (data.getLong((long) (base + j) << 3) < c ? 1 : 0) << j;
          }
          bits.setByte(byteIndex, packed);
        }
      }
      case LE -> {
        for (int byteIndex = 0; byteIndex < bytes; byteIndex++) {
          int base = byteIndex << 3;
          int n = Math.min(8, rows - base);
          int packed = 0;
          for (int j = 0; j < n; j++) {
            packed |= (data.getLong((long) (base + j) << 3) <= c ? 1 : 0) << j;
          }
          bits.setByte(byteIndex, packed);
        }
      }
      case GT -> {
        for (int byteIndex = 0; byteIndex < bytes; byteIndex++) {
          int base = byteIndex << 3;
          int n = Math.min(8, rows - base);
          int packed = 0;
          for (int j = 0; j < n; j++) {
            packed |= (data.getLong((long) (base + j) << 3) > c ? 1 : 0) << j;
          }
          bits.setByte(byteIndex, packed);
        }
      }
      case GE -> {
        for (int byteIndex = 0; byteIndex < bytes; byteIndex++) {
          int base = byteIndex << 3;
          int n = Math.min(8, rows - base);
          int packed = 0;
          for (int j = 0; j < n; j++) {
            packed |= (data.getLong((long) (base + j) << 3) >= c ? 1 : 0) << j;
          }
          bits.setByte(byteIndex, packed);
        }
      }
      default -> throw new IllegalStateException(op.toString());
    }
  }

  private static void compareInts(ComparisonExpr.Op op, ArrowBuf data, long c, ArrowBuf bits, int rows, int bytes) {
    switch (op) {
      case EQ -> {
        for (int byteIndex = 0; byteIndex < bytes; byteIndex++) {
          int base = byteIndex << 3;
          int n = Math.min(8, rows - base);
          int packed = 0;
          for (int j = 0; j < n; j++) {
            packed |= (data.getInt((long) (base + j) << 2) == c ? 1 : 0) << j;
          }
          bits.setByte(byteIndex, packed);
        }
      }
      case NE -> {
        for (int byteIndex = 0; byteIndex < bytes; byteIndex++) {
          int base = byteIndex << 3;
          int n = Math.min(8, rows - base);
          int packed = 0;
          for (int j = 0; j < n; j++) {
            packed |= (data.getInt((long) (base + j) << 2) != c ? 1 : 0) << j;
          }
          bits.setByte(byteIndex, packed);
        }
      }
      case LT -> {
        for (int byteIndex = 0; byteIndex < bytes; byteIndex++) {
          int base = byteIndex << 3;
          int n = Math.min(8, rows - base);
          int packed = 0;
          for (int j = 0; j < n; j++) {
            packed |= (data.getInt((long) (base + j) << 2) < c ? 1 : 0) << j;
          }
          bits.setByte(byteIndex, packed);
        }
      }
      case LE -> {
        for (int byteIndex = 0; byteIndex < bytes; byteIndex++) {
          int base = byteIndex << 3;
          int n = Math.min(8, rows - base);
          int packed = 0;
          for (int j = 0; j < n; j++) {
            packed |= (data.getInt((long) (base + j) << 2) <= c ? 1 : 0) << j;
          }
          bits.setByte(byteIndex, packed);
        }
      }
      case GT -> {
        for (int byteIndex = 0; byteIndex < bytes; byteIndex++) {
          int base = byteIndex << 3;
          int n = Math.min(8, rows - base);
          int packed = 0;
          for (int j = 0; j < n; j++) {
            packed |= (data.getInt((long) (base + j) << 2) > c ? 1 : 0) << j;
          }
          bits.setByte(byteIndex, packed);
        }
      }
      case GE -> {
        for (int byteIndex = 0; byteIndex < bytes; byteIndex++) {
          int base = byteIndex << 3;
          int n = Math.min(8, rows - base);
          int packed = 0;
          for (int j = 0; j < n; j++) {
            packed |= (data.getInt((long) (base + j) << 2) >= c ? 1 : 0) << j;
          }
          bits.setByte(byteIndex, packed);
        }
      }
      default -> throw new IllegalStateException(op.toString());
    }
  }

  /** The operator with its operands swapped: {@code c op x} is {@code x flipped(op) c}. */
  static ComparisonExpr.Op flipped(ComparisonExpr.Op op) {
    return switch (op) {
      case EQ, NE -> op;
      case LT -> ComparisonExpr.Op.GT;
      case LE -> ComparisonExpr.Op.GE;
      case GT -> ComparisonExpr.Op.LT;
      case GE -> ComparisonExpr.Op.LE;
    };
  }
}
