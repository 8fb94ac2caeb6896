package dev.ballista.engine.expr;

import dev.ballista.engine.ErrorCode;
import dev.ballista.engine.QueryException;
import dev.ballista.engine.exec.Batch;
import dev.ballista.engine.exec.TaskContext;
import dev.ballista.engine.types.DataType;
import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.FieldVector;

/**
 * Date and timestamp arithmetic on day numbers and microseconds:
 * <ul>
 *   <li>{@code ADD_INTERVAL}: a DATE or TIMESTAMP plus an interval (subtraction arrives with the interval negated).
 *       Year-month intervals move the calendar month and clamp the day to the month's end, as SQL and PostgreSQL
 *       do (2024-01-31 + 1 month = 2024-02-29); day-time intervals add milliseconds (a DATE keeps whole days).</li>
 *   <li>{@code DAYS_BETWEEN}: DATE - DATE, the number of days as an INTEGER (PostgreSQL).</li>
 * </ul>
 */
public record DateArithmeticExpr(Op op, PhysicalExpr left, PhysicalExpr right, boolean negate) implements PhysicalExpr {
  public enum Op { ADD_INTERVAL, DAYS_BETWEEN }

  @Override
  public DataType type() {
    return op == Op.DAYS_BETWEEN ? DataType.INTEGER : left.type();
  }

  @Override
  public FieldVector evaluate(Batch batch, TaskContext context) {
    int rows = batch.rowCount();
    DataType type = type();
    boolean timestamp = left.type().kind() == DataType.Kind.TIMESTAMP;
    boolean months = right.type().kind() == DataType.Kind.INTERVAL_YEAR_MONTH;
    boolean wide = type.storage() == DataType.Storage.INT64;
    FieldVector out = Vectors.allocate(type, rows, context.allocator());
    long[] scratch = new long[3];
    try (LongLane a = LongLane.of(left, batch, context); LongLane b = LongLane.of(right, batch, context)) {
      if (a.constantNull || b.constantNull) {
        out.setValueCount(rows);
        return out;
      }
      ArrowBuf validity = out.getValidityBuffer();
      Vectors.andValidity(validity, a.validity, b.validity, rows);
      ArrowBuf dst = out.getDataBuffer();
      for (int i = 0; i < rows; i++) {
        if (!Vectors.isValid(validity, i)) {
          continue;
        }
        long x = a.get(i);
        long y = negate ? -b.get(i) : b.get(i);
        long r;
        if (op == Op.DAYS_BETWEEN) {
          r = x - y;
        } else if (months) {
          r = timestamp
              ? CivilDates.addMonths(Math.floorDiv(x, CivilDates.MICROS_PER_DAY), y, scratch) * CivilDates.MICROS_PER_DAY
                  + Math.floorMod(x, CivilDates.MICROS_PER_DAY)
              : CivilDates.addMonths(x, y, scratch);
        } else {
          r = timestamp ? Math.addExact(x, Math.multiplyExact(y, 1000L))
              : Math.floorDiv(Math.addExact(Math.multiplyExact(x, 86_400_000L), y), 86_400_000L);
        }
        if (wide) {
          dst.setLong((long) i << 3, r);
        } else {
          dst.setInt((long) i << 2, Math.toIntExact(r)); // day numbers and day counts are 32-bit
        }
      }
    } catch (ArithmeticException e) {
      out.close();
      throw new QueryException(ErrorCode.ARITHMETIC_ERROR, type + " out of range in " + this);
    } catch (RuntimeException e) {
      out.close();
      throw e;
    }
    out.setValueCount(rows);
    return out;
  }

  @Override
  public List<PhysicalExpr> children() {
    return List.of(left, right);
  }

  @Override
  public String toString() {
    return op == Op.DAYS_BETWEEN ? "(" + left + " - " + right + ")"
        : "(" + left + (negate ? " - " : " + ") + right + ")";
  }
}
