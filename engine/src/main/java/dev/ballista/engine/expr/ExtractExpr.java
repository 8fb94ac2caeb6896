package dev.ballista.engine.expr;

import dev.ballista.engine.exec.Batch;
import dev.ballista.engine.exec.TaskContext;
import dev.ballista.engine.types.DataType;
import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;

/**
 * EXTRACT(field FROM date or timestamp), computed from the day number with integer arithmetic only. Fields follow
 * PostgreSQL (WEEK and ISOYEAR are ISO 8601, DOW counts from Sunday = 1 as Calcite does, ISODOW from Monday = 1);
 * the result is a BIGINT, so SECOND and EPOCH are whole seconds (MILLISECOND and MICROSECOND include the seconds).
 */
public record ExtractExpr(Field field, PhysicalExpr input) implements PhysicalExpr {
  public enum Field {
    YEAR, QUARTER, MONTH, DAY, DOW, DOY, HOUR, MINUTE, SECOND, WEEK, ISODOW, ISOYEAR, EPOCH, MILLISECOND,
    MICROSECOND, DECADE, CENTURY, MILLENNIUM
  }

  @Override
  public DataType type() {
    return DataType.BIGINT;
  }

  @Override
  public FieldVector evaluate(Batch batch, TaskContext context) {
    int rows = batch.rowCount();
    boolean timestamp = input.type().kind() == DataType.Kind.TIMESTAMP;
    BigIntVector out = Vectors.allocateLongs(DataType.BIGINT, rows, context.allocator());
    try (FieldVector v = input.evaluate(batch, context)) {
      LongLane.copyValidity(v, out, rows);
      ArrowBuf src = v.getDataBuffer();
      ArrowBuf dst = out.getDataBuffer();
      long[] civil = new long[3];
      for (int i = 0; i < rows; i++) {
        long micros = timestamp ? src.getLong((long) i << 3) : 0;
        long days = timestamp ? Math.floorDiv(micros, 86_400_000_000L) : src.getInt((long) i << 2);
        dst.setLong((long) i << 3, extract(days, Math.floorMod(micros, 86_400_000_000L), civil));
      }
    }
    out.setValueCount(rows);
    return out;
  }

  private long extract(long days, long microsOfDay, long[] civil) {
    switch (field) {
      case HOUR -> {
        return microsOfDay / 3_600_000_000L;
      }
      case MINUTE -> {
        return microsOfDay / 60_000_000L % 60;
      }
      case SECOND -> {
        return microsOfDay / 1_000_000L % 60;
      }
      case MILLISECOND -> {
        return microsOfDay / 1_000L % 60_000;
      }
      case MICROSECOND -> {
        return microsOfDay % 60_000_000L;
      }
      case EPOCH -> {
        return days * 86_400 + microsOfDay / 1_000_000L;
      }
      case DOW -> {
        return Math.floorMod(days + 4, 7) + 1; // 1970-01-01 was a Thursday; Sunday = 1
      }
      case ISODOW -> {
        return CivilDates.isoDayOfWeek0(days) + 1; // Monday = 1 ... Sunday = 7
      }
      case WEEK, ISOYEAR -> {
        // The ISO week belongs to the year of its Thursday; week 1 holds the year's first Thursday.
        long thursday = days - CivilDates.isoDayOfWeek0(days) + 3;
        CivilDates.civil(thursday, civil);
        return field == Field.ISOYEAR ? civil[0] : (thursday - CivilDates.days(civil[0], 1, 1)) / 7 + 1;
      }
      default -> {
        CivilDates.civil(days, civil);
        long year = civil[0];
        return switch (field) {
          case YEAR -> year;
          case MONTH -> civil[1];
          case DAY -> civil[2];
          case QUARTER -> (civil[1] - 1) / 3 + 1;
          case DOY -> days - CivilDates.days(year, 1, 1) + 1;
          case DECADE -> Math.floorDiv(year, 10);
          // Centuries and millennia start at year 1 (2000 is in the 20th century); there is no year 0 before it.
          case CENTURY -> year > 0 ? (year + 99) / 100 : -((-year + 99) / 100) - 1;
          case MILLENNIUM -> year > 0 ? (year + 999) / 1000 : -((-year + 999) / 1000) - 1;
          default -> throw new IllegalStateException("unhandled field " + field);
        };
      }
    }
  }

  @Override
  public List<PhysicalExpr> children() {
    return List.of(input);
  }

  @Override
  public String toString() {
    return "EXTRACT(" + field + " FROM " + input + ")";
  }
}
