package dev.ballista.engine.expr;

import dev.ballista.engine.exec.Batch;
import dev.ballista.engine.exec.TaskContext;
import dev.ballista.engine.types.DataType;
import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarCharVector;

/**
 * {@code left op right} giving BOOLEAN, NULL when either side is NULL. The planner casts both sides to one type;
 * integral, DECIMAL(p<=18) and date/time values compare as longs, text as UTF-8 bytes (which orders as code
 * points), wide decimals as BigDecimal.
 */
public record ComparisonExpr(Op op, PhysicalExpr left, PhysicalExpr right) implements PhysicalExpr {
  public enum Op {
    EQ("="), NE("<>"), LT("<"), LE("<="), GT(">"), GE(">=");

    final String symbol;

    Op(String symbol) {
      this.symbol = symbol;
    }

    boolean test(int cmp) {
      return switch (this) {
        case EQ -> cmp == 0;
        case NE -> cmp != 0;
        case LT -> cmp < 0;
        case LE -> cmp <= 0;
        case GT -> cmp > 0;
        case GE -> cmp >= 0;
      };
    }
  }

  @Override
  public DataType type() {
    return DataType.BOOLEAN;
  }

  @Override
  public FieldVector evaluate(Batch batch, TaskContext context) {
    DataType t = left.type();
    if (ArithmeticExpr.isLongLane(t) && ArithmeticExpr.isLongLane(right.type())) {
      return compareLongs(batch, context);
    }
    if (t.isFloating() || right.type().isFloating()) {
      return compareDoubles(batch, context);
    }
    return compareValues(batch, context);
  }

  private FieldVector compareLongs(Batch batch, TaskContext context) {
    int rows = batch.rowCount();
    if (right instanceof LiteralExpr lit && !lit.isNull() && isInt32Column(left)) {
      return compareInt32ToConstant(left, op, lit.longValue(), batch, context);
    }
    if (left instanceof LiteralExpr lit && !lit.isNull() && isInt32Column(right)) {
      return compareInt32ToConstant(right, ConstantComparison.flipped(op), lit.longValue(), batch, context);
    }
    DataType.Storage storage = left.type().storage();
    if (!(left instanceof LiteralExpr) && !(right instanceof LiteralExpr) && storage == right.type().storage()
        && (storage == DataType.Storage.INT32 || storage == DataType.Storage.INT64)) {
      return compareSameWidthColumns(storage == DataType.Storage.INT64, batch, context);
    }
    try (LongLane a = LongLane.of(left, batch, context); LongLane b = LongLane.of(right, batch, context)) {
      BitVector out = Vectors.allocateBits(rows, context.allocator());
      if (a.constantNull || b.constantNull) {
        out.setValueCount(rows);
        return out;
      }
      Vectors.andValidity(out.getValidityBuffer(), a.validity, b.validity, rows);
      ArrowBuf bits = out.getDataBuffer();
      if (b.constant && !a.constant) {
        ConstantComparison.compare(op, a.data, true, b.constantValue, bits, rows);
      } else if (a.constant && !b.constant) {
        ConstantComparison.compare(ConstantComparison.flipped(op), b.data, true, a.constantValue, bits, rows);
      } else {
        for (int i = 0; i < rows; i++) {
          if (op.test(Long.compare(a.get(i), b.get(i)))) {
            Vectors.setTrue(bits, i);
          }
        }
      }
      out.setValueCount(rows);
      return out;
    }
  }

  /** Two computed operands of one integer width (dates, keys, DECIMAL(p<=18) of one scale), read in place. */
  private FieldVector compareSameWidthColumns(boolean wide, Batch batch, TaskContext context) {
    int rows = batch.rowCount();
    try (FieldVector a = left.evaluate(batch, context); FieldVector b = right.evaluate(batch, context)) {
      BitVector out = Vectors.allocateBits(rows, context.allocator());
      Vectors.andValidity(out.getValidityBuffer(), Vectors.validityOrNull(a), Vectors.validityOrNull(b), rows);
      ColumnComparison.compare(op, a.getDataBuffer(), b.getDataBuffer(), wide, out.getDataBuffer(), rows);
      out.setValueCount(rows);
      return out;
    }
  }

  /** A computed (non-constant) operand held in 4 bytes: dates, INTEGER columns. */
  private static boolean isInt32Column(PhysicalExpr e) {
    return !(e instanceof LiteralExpr) && e.type().storage() == DataType.Storage.INT32;
  }

  /** 32-bit values compared with a constant where they lie, without widening them to a copy first. */
  private static FieldVector compareInt32ToConstant(PhysicalExpr column, Op op, long c, Batch batch,
      TaskContext context) {
    int rows = batch.rowCount();
    try (FieldVector v = column.evaluate(batch, context)) {
      BitVector out = Vectors.allocateBits(rows, context.allocator());
      LongLane.copyValidity(v, out, rows);
      ConstantComparison.compare(op, v.getDataBuffer(), false, c, out.getDataBuffer(), rows);
      out.setValueCount(rows);
      return out;
    }
  }

  private FieldVector compareDoubles(Batch batch, TaskContext context) {
    int rows = batch.rowCount();
    try (DoubleLane a = DoubleLane.of(left, batch, context); DoubleLane b = DoubleLane.of(right, batch, context)) {
      BitVector out = Vectors.allocateBits(rows, context.allocator());
      if (a.constantNull || b.constantNull) {
        out.setValueCount(rows);
        return out;
      }
      Vectors.andValidity(out.getValidityBuffer(), a.validity, b.validity, rows);
      ArrowBuf bits = out.getDataBuffer();
      for (int i = 0; i < rows; i++) {
        if (op.test(Double.compare(a.get(i), b.get(i)))) {
          Vectors.setTrue(bits, i);
        }
      }
      out.setValueCount(rows);
      return out;
    }
  }

  /** Text, booleans and wide decimals. */
  private FieldVector compareValues(Batch batch, TaskContext context) {
    int rows = batch.rowCount();
    DataType.Storage storage = left.type().storage();
    boolean sameStorage = storage == right.type().storage() && left.type().scale() == right.type().scale();
    if (sameStorage && right instanceof LiteralExpr literal && !literal.isNull()
        && (storage == DataType.Storage.UTF8 && literal.value() instanceof String
            || storage == DataType.Storage.DECIMAL128 && literal.value() instanceof java.math.BigDecimal d
                && d.scale() <= right.type().scale())) {
      return compareToLiteral(batch, context, literal);
    }
    if (sameStorage && storage == DataType.Storage.DECIMAL128) {
      return compareWideDecimals(batch, context);
    }
    try (FieldVector a = left.evaluate(batch, context); FieldVector b = right.evaluate(batch, context)) {
      BitVector out = Vectors.allocateBits(rows, context.allocator());
      Vectors.andValidity(out.getValidityBuffer(), Vectors.validityOrNull(a), Vectors.validityOrNull(b), rows);
      ArrowBuf bits = out.getDataBuffer();
      if (a instanceof VarCharVector sa && b instanceof VarCharVector sb) {
        for (int i = 0; i < rows; i++) {
          if (!sa.isNull(i) && !sb.isNull(i) && op.test(Utf8.compare(sa, i, sb, i))) {
            Vectors.setTrue(bits, i);
          }
        }
      } else {
        ValueReader ra = ValueReader.of(a, left.type());
        ValueReader rb = ValueReader.of(b, right.type());
        for (int i = 0; i < rows; i++) {
          Object x = ra.get(i);
          Object y = rb.get(i);
          if (x != null && y != null && op.test(compareObjects(x, y))) {
            Vectors.setTrue(bits, i);
          }
        }
      }
      out.setValueCount(rows);
      return out;
    }
  }

  /** Text or a wide decimal against a constant, read once instead of being copied into every row of a vector. */
  private FieldVector compareToLiteral(Batch batch, TaskContext context, LiteralExpr literal) {
    int rows = batch.rowCount();
    try (FieldVector a = left.evaluate(batch, context)) {
      BitVector out = Vectors.allocateBits(rows, context.allocator());
      Vectors.andValidity(out.getValidityBuffer(), Vectors.validityOrNull(a), null, rows);
      ArrowBuf bits = out.getDataBuffer();
      ArrowBuf data = a.getDataBuffer();
      if (literal.value() instanceof String text) {
        byte[] c = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        ArrowBuf offsets = a.getOffsetBuffer();
        boolean equality = op == Op.EQ || op == Op.NE;
        for (int i = 0; i < rows; i++) {
          int start = offsets.getInt((long) i << 2);
          int length = offsets.getInt((long) (i + 1) << 2) - start;
          int cmp = equality ? (length != c.length ? 1 : (Utf8.startsWith(data, start, c) ? 0 : 1))
              : Utf8.compare(data, start, length, c);
          if (op.test(cmp)) {
            Vectors.setTrue(bits, i);
          }
        }
      } else {
        java.math.BigInteger unscaled = ((java.math.BigDecimal) literal.value()).setScale(right.type().scale())
            .unscaledValue();
        long lo = unscaled.longValue();
        long hi = unscaled.shiftRight(64).longValue();
        for (int i = 0; i < rows; i++) {
          long offset = (long) i << 4;
          if (op.test(compare128(data.getLong(offset + 8), data.getLong(offset), hi, lo))) {
            Vectors.setTrue(bits, i);
          }
        }
      }
      out.setValueCount(rows);
      return out;
    }
  }

  /** Wide decimals of one scale as 128-bit two's complement integers (low word first, as Arrow stores them). */
  private FieldVector compareWideDecimals(Batch batch, TaskContext context) {
    int rows = batch.rowCount();
    try (FieldVector a = left.evaluate(batch, context); FieldVector b = right.evaluate(batch, context)) {
      BitVector out = Vectors.allocateBits(rows, context.allocator());
      Vectors.andValidity(out.getValidityBuffer(), Vectors.validityOrNull(a), Vectors.validityOrNull(b), rows);
      ArrowBuf bits = out.getDataBuffer();
      ArrowBuf x = a.getDataBuffer();
      ArrowBuf y = b.getDataBuffer();
      for (int i = 0; i < rows; i++) {
        long offset = (long) i << 4;
        if (op.test(compare128(x.getLong(offset + 8), x.getLong(offset), y.getLong(offset + 8), y.getLong(offset)))) {
          Vectors.setTrue(bits, i);
        }
      }
      out.setValueCount(rows);
      return out;
    }
  }

  private static int compare128(long hiA, long loA, long hiB, long loB) {
    return hiA != hiB ? Long.compare(hiA, hiB) : Long.compareUnsigned(loA, loB);
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static int compareObjects(Object x, Object y) {
    if (x instanceof java.math.BigDecimal dx && y instanceof java.math.BigDecimal dy) {
      return dx.compareTo(dy);
    }
    return ((Comparable) x).compareTo(y);
  }

  @Override
  public List<PhysicalExpr> children() {
    return List.of(left, right);
  }

  @Override
  public String toString() {
    return "(" + left + " " + op.symbol + " " + right + ")";
  }
}
