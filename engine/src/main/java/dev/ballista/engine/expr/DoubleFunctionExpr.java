package dev.ballista.engine.expr;

import dev.ballista.engine.ErrorCode;
import dev.ballista.engine.QueryException;
import dev.ballista.engine.exec.Batch;
import dev.ballista.engine.exec.TaskContext;
import dev.ballista.engine.types.DataType;
import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;

/**
 * Math functions computed on doubles: SQRT, POWER(x, y), ABS, EXP and LN. Arguments outside a function's
 * domain are errors, as in PostgreSQL, rather than NaN.
 */
public record DoubleFunctionExpr(Function function, List<PhysicalExpr> arguments) implements PhysicalExpr {
  public enum Function { SQRT, POWER, ABS, EXP, LN }

  public DoubleFunctionExpr {
    arguments = List.copyOf(arguments);
    int expected = function == Function.POWER ? 2 : 1;
    if (arguments.size() != expected) {
      throw new IllegalArgumentException(function + " takes " + expected + " arguments, got " + arguments.size());
    }
  }

  @Override
  public DataType type() {
    return DataType.DOUBLE;
  }

  @Override
  public FieldVector evaluate(Batch batch, TaskContext context) {
    int rows = batch.rowCount();
    Float8Vector out = DoubleLane.allocate(rows, context);
    try (DoubleLane x = DoubleLane.of(arguments.get(0), batch, context);
         DoubleLane y = function == Function.POWER ? DoubleLane.of(arguments.get(1), batch, context) : null) {
      ArrowBuf dst = out.getDataBuffer();
      ArrowBuf validity = out.getValidityBuffer();
      for (int i = 0; i < rows; i++) {
        boolean valid = x.constant ? !x.constantNull : Vectors.isValid(x.validity, i);
        if (y != null) {
          valid &= y.constant ? !y.constantNull : Vectors.isValid(y.validity, i);
        }
        if (valid) {
          dst.setDouble((long) i << 3, apply(x.get(i), y == null ? 0 : y.get(i)));
          Vectors.setBit(validity, i, true);
        }
      }
    } catch (RuntimeException e) {
      out.close();
      throw e;
    }
    out.setValueCount(rows);
    return out;
  }

  private double apply(double x, double y) {
    return switch (function) {
      case SQRT -> {
        if (x < 0) {
          throw new QueryException(ErrorCode.ARITHMETIC_ERROR, "cannot take square root of a negative number");
        }
        yield Math.sqrt(x);
      }
      case POWER -> {
        double r = Math.pow(x, y);
        if (Double.isNaN(r) && !Double.isNaN(x) && !Double.isNaN(y)) {
          throw new QueryException(ErrorCode.ARITHMETIC_ERROR,
              "a negative number raised to a non-integer power yields a complex result");
        }
        if (x == 0 && y < 0) {
          throw new QueryException(ErrorCode.ARITHMETIC_ERROR, "zero raised to a negative power is undefined");
        }
        yield r;
      }
      case ABS -> Math.abs(x);
      case EXP -> Math.exp(x);
      case LN -> {
        if (x <= 0) {
          throw new QueryException(ErrorCode.ARITHMETIC_ERROR,
              x == 0 ? "cannot take logarithm of zero" : "cannot take logarithm of a negative number");
        }
        yield Math.log(x);
      }
    };
  }

  @Override
  public List<PhysicalExpr> children() {
    return arguments;
  }

  @Override
  public String toString() {
    return function + arguments.toString().replace('[', '(').replace(']', ')');
  }
}
