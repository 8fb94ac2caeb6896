package dev.ballista.jdbc;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.vector.BaseIntVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DateMilliVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.FloatingPointVector;
import org.apache.arrow.vector.TimeMicroVector;
import org.apache.arrow.vector.TimeMilliVector;
import org.apache.arrow.vector.TimeNanoVector;
import org.apache.arrow.vector.TimeSecVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Copies rows out of Arrow batches as lists of Java values in the representation {@link JdbcType}
 * declares, so that Avatica's accessors can serve every getter.
 */
final class RowReader {
  private static final long MILLIS_PER_DAY = 86_400_000L;

  private final List<ValueReader> readers;

  RowReader(Schema schema, ZoneId sessionZone) {
    List<ValueReader> list = new ArrayList<>();
    for (Field field : schema.getFields()) {
      list.add(readerFor(field.getType(), sessionZone));
    }
    this.readers = List.copyOf(list);
  }

  /** Rows {@code from} (inclusive) to {@code to} (exclusive) of a batch. */
  List<Object> read(VectorSchemaRoot batch, int from, int to) {
    List<Object> rows = new ArrayList<>(to - from);
    List<FieldVector> vectors = batch.getFieldVectors();
    for (int row = from; row < to; row++) {
      Object[] values = new Object[readers.size()];
      for (int column = 0; column < values.length; column++) {
        FieldVector vector = vectors.get(column);
        values[column] = vector.isNull(row) ? null : readers.get(column).read(vector, row);
      }
      rows.add(Arrays.asList(values));
    }
    return rows;
  }

  /** Reads one non-null value. */
  @FunctionalInterface
  private interface ValueReader {
    Object read(FieldVector vector, int row);
  }

  private static ValueReader readerFor(ArrowType type, ZoneId sessionZone) {
    return switch (type.getTypeID()) {
      case Bool, Decimal, Binary, LargeBinary, FixedSizeBinary, BinaryView -> FieldVector::getObject;
      case Int -> intReader((ArrowType.Int) type);
      case FloatingPoint ->
          ((ArrowType.FloatingPoint) type).getPrecision() == FloatingPointPrecision.DOUBLE
              ? (v, i) -> ((FloatingPointVector) v).getValueAsDouble(i)
              : (v, i) -> (float) ((FloatingPointVector) v).getValueAsDouble(i);
      case Date -> (v, i) -> v instanceof DateDayVector days
          ? days.get(i)
          : (int) Math.floorDiv(((DateMilliVector) v).get(i), MILLIS_PER_DAY);
      case Time -> RowReader::millisOfDay;
      case Timestamp -> timestampReader((ArrowType.Timestamp) type, sessionZone);
      case Null -> (v, i) -> null;
      default -> (v, i) -> v.getObject(i).toString();
    };
  }

  private static ValueReader intReader(ArrowType.Int type) {
    if (type.getIsSigned()) {
      return switch (type.getBitWidth()) {
        case 8 -> (v, i) -> (byte) ((BaseIntVector) v).getValueAsLong(i);
        case 16 -> (v, i) -> (short) ((BaseIntVector) v).getValueAsLong(i);
        case 32 -> (v, i) -> (int) ((BaseIntVector) v).getValueAsLong(i);
        default -> (v, i) -> ((BaseIntVector) v).getValueAsLong(i);
      };
    }
    // Widened as JdbcType declares: uint8 -> short, uint16 -> int, uint32 -> long, uint64 -> decimal.
    return switch (type.getBitWidth()) {
      case 8 -> (v, i) -> (short) (((BaseIntVector) v).getValueAsLong(i) & 0xFF);
      case 16 -> (v, i) -> (int) (((BaseIntVector) v).getValueAsLong(i) & 0xFFFF);
      case 32 -> (v, i) -> ((BaseIntVector) v).getValueAsLong(i) & 0xFFFF_FFFFL;
      default -> (v, i) -> new BigDecimal(
          new BigInteger(Long.toUnsignedString(((BaseIntVector) v).getValueAsLong(i))));
    };
  }

  private static Object millisOfDay(FieldVector vector, int row) {
    if (vector instanceof TimeSecVector seconds) {
      return seconds.get(row) * 1000;
    }
    if (vector instanceof TimeMilliVector millis) {
      return millis.get(row);
    }
    if (vector instanceof TimeMicroVector micros) {
      return (int) (micros.get(row) / 1000);
    }
    return (int) (((TimeNanoVector) vector).get(row) / 1_000_000);
  }

  private static ValueReader timestampReader(ArrowType.Timestamp type, ZoneId sessionZone) {
    TimeUnit unit = switch (type.getUnit()) {
      case SECOND -> TimeUnit.SECONDS;
      case MILLISECOND -> TimeUnit.MILLISECONDS;
      case MICROSECOND -> TimeUnit.MICROSECONDS;
      case NANOSECOND -> TimeUnit.NANOSECONDS;
    };
    long unitsPerMilli = unit.convert(1, TimeUnit.MILLISECONDS);
    if (type.getTimezone() == null || type.getTimezone().isEmpty()) {
      // A zone-less timestamp is a wall-clock time: keep its fields as they are.
      return (v, i) -> toMillis(((TimeStampVector) v).get(i), unit, unitsPerMilli);
    }
    // An instant: show it as the wall-clock time of the session's zone.
    return (v, i) -> {
      long epochMillis = toMillis(((TimeStampVector) v).get(i), unit, unitsPerMilli);
      LocalDateTime local =
          LocalDateTime.ofInstant(Instant.ofEpochMilli(epochMillis), sessionZone);
      return local.toInstant(ZoneOffset.UTC).toEpochMilli();
    };
  }

  private static long toMillis(long value, TimeUnit unit, long unitsPerMilli) {
    return unit == TimeUnit.SECONDS ? value * 1000 : Math.floorDiv(value, unitsPerMilli);
  }
}
