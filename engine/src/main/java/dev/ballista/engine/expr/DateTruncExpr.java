package dev.ballista.engine.expr;

import dev.ballista.engine.exec.Batch;
import dev.ballista.engine.exec.TaskContext;
import dev.ballista.engine.types.DataType;
import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.FieldVector;

/**
 * DATE_TRUNC(unit, d): the start of the year, quarter, month, ISO week (Monday), day, hour, minute or second
 * holding d, in d's type (a DATE stays a DATE, for units of a day or more).
 */
public record DateTruncExpr(Unit unit, PhysicalExpr input) implements PhysicalExpr {
  public enum Unit { YEAR, QUARTER, MONTH, WEEK, DAY, HOUR, MINUTE, SECOND }

  @Override
  public DataType type() {
    return input.type();
  }

  @Override
  public FieldVector evaluate(Batch batch, TaskContext context) {
    int rows = batch.rowCount();
    boolean timestamp = input.type().kind() == DataType.Kind.TIMESTAMP;
    FieldVector out = Vectors.allocate(input.type(), rows, context.allocator());
    long[] civil = new long[3];
    try (FieldVector v = input.evaluate(batch, context)) {
      ArrowBuf src = v.getDataBuffer();
      ArrowBuf dst = out.getDataBuffer();
      for (int i = 0; i < rows; i++) {
        if (v.isNull(i)) {
          continue;
        }
        if (timestamp) {
          long micros = src.getLong((long) i << 3);
          long days = Math.floorDiv(micros, CivilDates.MICROS_PER_DAY);
          long ofDay = Math.floorMod(micros, CivilDates.MICROS_PER_DAY);
          long truncated = switch (unit) {
            case HOUR -> days * CivilDates.MICROS_PER_DAY + ofDay / 3_600_000_000L * 3_600_000_000L;
            case MINUTE -> days * CivilDates.MICROS_PER_DAY + ofDay / 60_000_000L * 60_000_000L;
            case SECOND -> days * CivilDates.MICROS_PER_DAY + ofDay / 1_000_000L * 1_000_000L;
            default -> truncateDays(days, civil) * CivilDates.MICROS_PER_DAY;
          };
          dst.setLong((long) i << 3, truncated);
        } else {
          dst.setInt((long) i << 2, (int) truncateDays(src.getInt((long) i << 2), civil));
        }
      }
      LongLane.copyValidity(v, out, rows);
    } catch (RuntimeException e) {
      out.close();
      throw e;
    }
    out.setValueCount(rows);
    return out;
  }

  private long truncateDays(long days, long[] civil) {
    switch (unit) {
      case DAY, HOUR, MINUTE, SECOND -> {
        return days;
      }
      case WEEK -> {
        return days - CivilDates.isoDayOfWeek0(days);
      }
      default -> {
        CivilDates.civil(days, civil);
        long month = switch (unit) {
          case YEAR -> 1;
          case QUARTER -> (civil[1] - 1) / 3 * 3 + 1;
          default -> civil[1];
        };
        return CivilDates.days(civil[0], month, 1);
      }
    }
  }

  @Override
  public List<PhysicalExpr> children() {
    return List.of(input);
  }

  @Override
  public String toString() {
    return "DATE_TRUNC('" + unit.name().toLowerCase() + "', " + input + ")";
  }
}
