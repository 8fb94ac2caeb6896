package dev.ballista.engine.expr;

import dev.ballista.engine.exec.Batch;
import dev.ballista.engine.exec.TaskContext;
import dev.ballista.engine.types.DataType;
import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;

/** EXTRACT(field FROM date or timestamp), computed from the day number with integer arithmetic only. */
public record ExtractExpr(Field field, PhysicalExpr input) implements PhysicalExpr {
  public enum Field { YEAR, QUARTER, MONTH, DAY, DOW, DOY, HOUR, MINUTE, SECOND }

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
      for (int i = 0; i < rows; i++) {
        long micros = timestamp ? src.getLong((long) i << 3) : 0;
        long days = timestamp ? Math.floorDiv(micros, 86_400_000_000L) : src.getInt((long) i << 2);
        dst.setLong((long) i << 3, extract(days, Math.floorMod(micros, 86_400_000_000L)));
      }
    }
    out.setValueCount(rows);
    return out;
  }

  private long extract(long days, long microsOfDay) {
    return switch (field) {
      case HOUR -> microsOfDay / 3_600_000_000L;
      case MINUTE -> microsOfDay / 60_000_000L % 60;
      case SECOND -> microsOfDay / 1_000_000L % 60;
      case DOW -> Math.floorMod(days + 4, 7) + 1; // 1970-01-01 was a Thursday; Sunday = 1
      default -> civil(days);
    };
  }

  /** Year, month or day of a day number (Howard Hinnant's days-to-civil algorithm). */
  private long civil(long days) {
    long z = days + 719468;
    long era = Math.floorDiv(z, 146097);
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    long day = doy - (153 * mp + 2) / 5 + 1;
    long month = mp < 10 ? mp + 3 : mp - 9;
    long year = yoe + era * 400 + (month <= 2 ? 1 : 0);
    return switch (field) {
      case YEAR -> year;
      case MONTH -> month;
      case DAY -> day;
      case QUARTER -> (month - 1) / 3 + 1;
      case DOY -> days - java.time.LocalDate.of((int) year, 1, 1).toEpochDay() + 1;
      default -> throw new IllegalStateException();
    };
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
