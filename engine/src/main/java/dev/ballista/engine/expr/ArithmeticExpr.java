package dev.ballista.engine.expr;

import dev.ballista.engine.ErrorCode;
import dev.ballista.engine.QueryException;
import dev.ballista.engine.exec.Batch;
import dev.ballista.engine.exec.TaskContext;
import dev.ballista.engine.types.DataType;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;

/**
 * {@code left op right} with SQL semantics: NULL in, NULL out; integer and DECIMAL overflow and division by zero
 * are errors. The planner has already cast both sides so that + and - see equal scales and * sees scales that
 * add up to the result's. Integral and DECIMAL(p<=18) values compute on longs, REAL/DOUBLE on doubles; wide
 * decimals (which appear after aggregation, on few rows) on BigDecimal.
 */
public record ArithmeticExpr(Op op, PhysicalExpr left, PhysicalExpr right, DataType type) implements PhysicalExpr {
  public enum Op {
    ADD("+"), SUBTRACT("-"), MULTIPLY("*"), DIVIDE("/"), MODULO("%");

    final String symbol;

    Op(String symbol) {
      this.symbol = symbol;
    }
  }

  @Override
  public FieldVector evaluate(Batch batch, TaskContext context) {
    if (type.isFloating()) {
      return evaluateDouble(batch, context);
    }
    if (isLongLane(type) && isLongLane(left.type()) && isLongLane(right.type())) {
      FieldVector longs = evaluateLong(batch, context);
      return type.storage() == DataType.Storage.INT64 ? longs : CastExpr.narrowLongs(longs, type, batch.rowCount(), context);
    }
    return evaluateDecimal(batch, context);
  }

  static boolean isLongLane(DataType t) {
    return switch (t.storage()) {
      case INT8, INT16, INT32, INT64 -> true;
      default -> false;
    };
  }

  private FieldVector evaluateLong(Batch batch, TaskContext context) {
    int rows = batch.rowCount();
    try (LongLane a = LongLane.of(left, batch, context); LongLane b = LongLane.of(right, batch, context)) {
      BigIntVector out = Vectors.allocateLongs(type, rows, context.allocator());
      if (a.constantNull || b.constantNull) {
        out.setValueCount(rows);
        return out;
      }
      Vectors.andValidity(out.getValidityBuffer(), a.validity, b.validity, rows);
      ArrowBuf valid = out.getValidityBuffer();
      boolean checkNulls = a.validity != null || b.validity != null;
      ArrowBuf dst = out.getDataBuffer();
      int divideShift = op == Op.DIVIDE ? divisionRescale() : 0;
      long rescale = divideShift > 0 ? pow10(divideShift) : 1;
      try {
        switch (op) {
          case ADD -> {
            for (int i = 0; i < rows; i++) {
              dst.setLong((long) i << 3, Math.addExact(a.get(i), b.get(i)));
            }
          }
          case SUBTRACT -> {
            for (int i = 0; i < rows; i++) {
              dst.setLong((long) i << 3, Math.subtractExact(a.get(i), b.get(i)));
            }
          }
          case MULTIPLY -> {
            for (int i = 0; i < rows; i++) {
              dst.setLong((long) i << 3, Math.multiplyExact(a.get(i), b.get(i)));
            }
          }
          case DIVIDE, MODULO -> {
            boolean decimal = type.kind() == DataType.Kind.DECIMAL;
            for (int i = 0; i < rows; i++) {
              if (checkNulls && !Vectors.isValid(valid, i)) {
                continue;
              }
              long y = b.get(i);
              if (y == 0) {
                throw new QueryException(ErrorCode.DIVISION_BY_ZERO, "division by zero");
              }
              long x = a.get(i);
              long r;
              if (op == Op.MODULO) {
                r = x % y;
              } else if (decimal) {
                r = divideRoundHalfUp(Math.multiplyExact(x, rescale), y);
              } else {
                r = x / y;
              }
              dst.setLong((long) i << 3, r);
            }
          }
        }
      } catch (ArithmeticException overflow) {
        out.close();
        throw overflow(batch, context);
      } catch (RuntimeException e) {
        out.close();
        throw e;
      }
      out.setValueCount(rows);
      checkDecimalPrecision(out, rows);
      return out;
    }
  }

  /** Powers of ten the dividend is scaled by so that the quotient has the result's scale. */
  private int divisionRescale() {
    if (type.kind() != DataType.Kind.DECIMAL) {
      return 0;
    }
    return type.scale() - scaleOf(left.type()) + scaleOf(right.type());
  }

  private static int scaleOf(DataType t) {
    return t.kind() == DataType.Kind.DECIMAL ? t.scale() : 0;
  }

  static long divideRoundHalfUp(long x, long y) {
    long q = x / y;
    long r = x % y;
    if (Math.abs(r) * 2 >= Math.abs(y)) {
      q += (x ^ y) < 0 ? -1 : 1;
    }
    return q;
  }

  private void checkDecimalPrecision(BigIntVector out, int rows) {
    if (type.kind() != DataType.Kind.DECIMAL || type.precision() >= 18) {
      return;
    }
    long limit = pow10(type.precision());
    ArrowBuf data = out.getDataBuffer();
    for (int i = 0; i < rows; i++) {
      long v = data.getLong((long) i << 3);
      if (v >= limit || v <= -limit) {
        if (!out.isNull(i)) {
          out.close();
          throw new QueryException(ErrorCode.ARITHMETIC_ERROR, "value out of range for " + type);
        }
      }
    }
  }

  private QueryException overflow(Batch batch, TaskContext context) {
    return new QueryException(ErrorCode.ARITHMETIC_ERROR, type + " overflow in " + this);
  }

  private FieldVector evaluateDouble(Batch batch, TaskContext context) {
    int rows = batch.rowCount();
    try (DoubleLane a = DoubleLane.of(left, batch, context); DoubleLane b = DoubleLane.of(right, batch, context)) {
      Float8Vector out = DoubleLane.allocate(rows, context);
      if (a.constantNull || b.constantNull) {
        out.setValueCount(rows);
        return castResult(out, rows, context);
      }
      Vectors.andValidity(out.getValidityBuffer(), a.validity, b.validity, rows);
      ArrowBuf dst = out.getDataBuffer();
      ArrowBuf valid = out.getValidityBuffer();
      for (int i = 0; i < rows; i++) {
        double x = a.get(i);
        double y = b.get(i);
        double r = switch (op) {
          case ADD -> x + y;
          case SUBTRACT -> x - y;
          case MULTIPLY -> x * y;
          case DIVIDE, MODULO -> {
            if (y == 0 && Vectors.isValid(valid, i)) {
              out.close();
              throw new QueryException(ErrorCode.DIVISION_BY_ZERO, "division by zero");
            }
            yield op == Op.DIVIDE ? x / y : x % y;
          }
        };
        dst.setDouble((long) i << 3, r);
      }
      out.setValueCount(rows);
      return castResult(out, rows, context);
    }
  }

  private FieldVector castResult(Float8Vector out, int rows, TaskContext context) {
    if (type.kind() == DataType.Kind.DOUBLE) {
      return out;
    }
    try (out) {
      return new CastExpr(new ColumnExpr(0, DataType.DOUBLE), type).evaluate(new Batch(new FieldVector[] {out}, rows), context);
    }
  }

  /** Wide decimals: exact BigDecimal arithmetic, rounded half-up to the result scale. */
  private FieldVector evaluateDecimal(Batch batch, TaskContext context) {
    int rows = batch.rowCount();
    try (FieldVector a = left.evaluate(batch, context); FieldVector b = right.evaluate(batch, context)) {
      FieldVector out = Vectors.allocate(type, rows, context.allocator());
      DecimalValues in1 = DecimalValues.of(a, left.type());
      DecimalValues in2 = DecimalValues.of(b, right.type());
      DecimalValues result = DecimalValues.of(out, type);
      for (int i = 0; i < rows; i++) {
        BigDecimal x = in1.get(i);
        BigDecimal y = in2.get(i);
        if (x == null || y == null) {
          continue;
        }
        BigDecimal r = switch (op) {
          case ADD -> x.add(y);
          case SUBTRACT -> x.subtract(y);
          case MULTIPLY -> x.multiply(y);
          case DIVIDE -> {
            if (y.signum() == 0) {
              out.close();
              throw new QueryException(ErrorCode.DIVISION_BY_ZERO, "division by zero");
            }
            yield x.divide(y, type.scale(), RoundingMode.HALF_UP);
          }
          case MODULO -> x.remainder(y);
        };
        if (!result.set(i, r.setScale(type.scale(), RoundingMode.HALF_UP))) {
          out.close();
          throw new QueryException(ErrorCode.ARITHMETIC_ERROR, "value out of range for " + type);
        }
      }
      out.setValueCount(rows);
      return out;
    }
  }

  static long pow10(int n) {
    long r = 1;
    for (int i = 0; i < n; i++) {
      r = Math.multiplyExact(r, 10);
    }
    return r;
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
