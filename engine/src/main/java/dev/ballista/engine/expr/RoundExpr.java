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
import org.apache.arrow.vector.FieldVector;

/**
 * ROUND(x, digits) (half away from zero), CEIL(x) and FLOOR(x), keeping x's type: integers and DECIMAL(p<=18) on
 * their scaled 64-bit values with integer arithmetic, DOUBLE in floating point, wide decimals on BigDecimal.
 * CEIL and FLOOR round to {@code digits} = 0.
 */
public record RoundExpr(Mode mode, PhysicalExpr input, int digits) implements PhysicalExpr {
  public enum Mode { ROUND, CEIL, FLOOR }

  private static final long[] POWERS_OF_TEN = new long[19];

  static {
    POWERS_OF_TEN[0] = 1;
    for (int i = 1; i < POWERS_OF_TEN.length; i++) {
      POWERS_OF_TEN[i] = POWERS_OF_TEN[i - 1] * 10;
    }
  }

  @Override
  public DataType type() {
    return input.type();
  }

  @Override
  public FieldVector evaluate(Batch batch, TaskContext context) {
    DataType type = input.type();
    return switch (type.storage()) {
      case FLOAT64, FLOAT32 -> doubles(batch, context);
      case DECIMAL128 -> wideDecimals(batch, context);
      default -> longs(batch, context);
    };
  }

  private FieldVector longs(Batch batch, TaskContext context) {
    int rows = batch.rowCount();
    DataType type = input.type();
    int scale = type.kind() == DataType.Kind.DECIMAL ? type.scale() : 0;
    int drop = scale - digits; // decimal digits to clear
    FieldVector out = Vectors.allocate(type.storage() == DataType.Storage.INT64 ? type : DataType.BIGINT, rows,
        context.allocator());
    try (LongLane x = LongLane.of(input, batch, context)) {
      ArrowBuf dst = out.getDataBuffer();
      if (x.constant) {
        if (!x.constantNull) {
          Vectors.setAllValid(out, rows);
          long r = round(x.constantValue, drop);
          for (int i = 0; i < rows; i++) {
            dst.setLong((long) i << 3, r);
          }
        }
      } else {
        Vectors.andValidity(out.getValidityBuffer(), x.validity, null, rows);
        for (int i = 0; i < rows; i++) {
          if (Vectors.isValid(x.validity, i)) {
            dst.setLong((long) i << 3, round(x.get(i), drop));
          }
        }
      }
    } catch (RuntimeException e) {
      out.close();
      throw e;
    }
    out.setValueCount(rows);
    if (type.storage() != DataType.Storage.INT64) {
      // Narrow integers were widened to compute; the planner only rounds them for negative digits.
      try (FieldVector wide = out) {
        return new CastExpr(new ColumnExpr(0, DataType.BIGINT), type)
            .evaluate(new Batch(new FieldVector[] {wide}, rows), context);
      }
    }
    return out;
  }

  private long round(long x, int drop) {
    if (drop <= 0) {
      return x;
    }
    if (drop >= POWERS_OF_TEN.length) { // |x| < 10^19 / 2: rounds to zero unless pushed up by CEIL/FLOOR
      if ((mode == Mode.CEIL && x > 0) || (mode == Mode.FLOOR && x < 0)) {
        throw overflow();
      }
      return 0;
    }
    long m = POWERS_OF_TEN[drop];
    long q = switch (mode) {
      case FLOOR -> Math.floorDiv(x, m);
      case CEIL -> -Math.floorDiv(-x, m);
      case ROUND -> {
        long t = x / m;
        long rem = Math.abs(x % m);
        yield rem >= m - rem ? t + Long.signum(x) : t;
      }
    };
    try {
      return Math.multiplyExact(q, m);
    } catch (ArithmeticException e) {
      throw overflow();
    }
  }

  private QueryException overflow() {
    return new QueryException(ErrorCode.ARITHMETIC_ERROR, input.type() + " overflow in " + this);
  }

  private FieldVector doubles(Batch batch, TaskContext context) {
    int rows = batch.rowCount();
    var out = DoubleLane.allocate(rows, context);
    double factor = Math.pow(10, digits);
    try (DoubleLane x = DoubleLane.of(input, batch, context)) {
      ArrowBuf dst = out.getDataBuffer();
      for (int i = 0; i < rows; i++) {
        if (x.constant ? !x.constantNull : Vectors.isValid(x.validity, i)) {
          double v = x.get(i);
          double r = switch (mode) {
            case CEIL -> Math.ceil(v);
            case FLOOR -> Math.floor(v);
            case ROUND -> Math.signum(v) * Math.floor(Math.abs(v) * factor + 0.5) / factor;
          };
          dst.setDouble((long) i << 3, Double.isFinite(r) ? r : v);
          Vectors.setBit(out.getValidityBuffer(), i, true);
        }
      }
    }
    out.setValueCount(rows);
    if (input.type().kind() == DataType.Kind.REAL) {
      try (FieldVector wide = out) {
        return new CastExpr(new ColumnExpr(0, DataType.DOUBLE), DataType.REAL)
            .evaluate(new Batch(new FieldVector[] {wide}, rows), context);
      }
    }
    return out;
  }

  private FieldVector wideDecimals(Batch batch, TaskContext context) {
    int rows = batch.rowCount();
    DataType type = input.type();
    FieldVector out = Vectors.allocate(type, rows, context.allocator());
    RoundingMode rounding = switch (mode) {
      case ROUND -> RoundingMode.HALF_UP;
      case CEIL -> RoundingMode.CEILING;
      case FLOOR -> RoundingMode.FLOOR;
    };
    try (FieldVector v = input.evaluate(batch, context)) {
      DecimalValues in = DecimalValues.of(v, type);
      DecimalValues writer = DecimalValues.of(out, type);
      for (int i = 0; i < rows; i++) {
        BigDecimal x = in.get(i);
        if (x != null && !writer.set(i, x.setScale(digits, rounding).setScale(type.scale()))) {
          throw overflow();
        }
      }
    } catch (RuntimeException e) {
      out.close();
      throw e;
    }
    out.setValueCount(rows);
    return out;
  }

  @Override
  public List<PhysicalExpr> children() {
    return List.of(input);
  }

  @Override
  public String toString() {
    return mode + "(" + input + (mode == Mode.ROUND ? ", " + digits : "") + ")";
  }
}
