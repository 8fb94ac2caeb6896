package dev.ballista.engine.expr;

import dev.ballista.engine.types.DataType;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarCharVector;

/**
 * Reads one value at a time in its engine lane (Long, Double, BigDecimal, String, Boolean). Only for paths that
 * are rare or run on few rows (casts from text, wide decimals, result formatting); kernels use the buffers.
 */
public final class ValueReader {
  private final FieldVector vector;
  private final DataType type;

  private ValueReader(FieldVector vector, DataType type) {
    this.vector = vector;
    this.type = type;
  }

  public static ValueReader of(FieldVector vector, DataType type) {
    return new ValueReader(vector, type);
  }

  public Object get(int i) {
    if (vector.isNull(i)) {
      return null;
    }
    ArrowBuf data = vector.getDataBuffer();
    return switch (type.storage()) {
      case BIT -> ((BitVector) vector).get(i) != 0;
      case INT8 -> (long) data.getByte(i);
      case INT16 -> (long) data.getShort((long) i << 1);
      case INT32 -> (long) data.getInt((long) i << 2);
      case INT64 -> data.getLong((long) i << 3);
      case FLOAT32 -> (double) data.getFloat((long) i << 2);
      case FLOAT64 -> data.getDouble((long) i << 3);
      case DECIMAL128 -> ((DecimalVector) vector).getObject(i);
      case UTF8 -> new String(((VarCharVector) vector).get(i), StandardCharsets.UTF_8);
    };
  }

  /** The value as a client would read it: BigDecimal for decimals, LocalDate for dates, and so on. */
  public Object getObject(int i) {
    Object v = get(i);
    if (v == null) {
      return null;
    }
    return switch (type.kind()) {
      case DECIMAL -> v instanceof Long l ? BigDecimal.valueOf(l, type.scale()) : v;
      case DATE -> LocalDate.ofEpochDay((Long) v);
      case TIMESTAMP -> LocalDateTime.ofEpochSecond(Math.floorDiv((Long) v, 1_000_000L),
          (int) Math.floorMod((Long) v, 1_000_000L) * 1000, ZoneOffset.UTC);
      case TIME -> LocalTime.ofNanoOfDay((Long) v * 1000);
      case INTEGER -> ((Long) v).intValue();
      case SMALLINT -> ((Long) v).shortValue();
      case TINYINT -> ((Long) v).byteValue();
      case REAL -> ((Double) v).floatValue();
      default -> v;
    };
  }

  /** SQL text of a lane value, as CAST(x AS VARCHAR) gives it. */
  static String format(Object v, DataType type) {
    return switch (type.kind()) {
      case DECIMAL -> v instanceof Long l ? BigDecimal.valueOf(l, type.scale()).toPlainString()
          : ((BigDecimal) v).toPlainString();
      case DATE -> LocalDate.ofEpochDay((Long) v).toString();
      case TIMESTAMP -> {
        long micros = (Long) v;
        LocalDateTime t = LocalDateTime.ofEpochSecond(Math.floorDiv(micros, 1_000_000L),
            (int) Math.floorMod(micros, 1_000_000L) * 1000, ZoneOffset.UTC);
        yield t.toLocalDate() + " " + t.toLocalTime();
      }
      case BOOLEAN -> ((Boolean) v) ? "true" : "false";
      default -> String.valueOf(v);
    };
  }

  static long parseTimestampMicros(String s) {
    LocalDateTime t = s.length() <= 10 ? LocalDate.parse(s).atStartOfDay()
        : LocalDateTime.parse(s.replace(' ', 'T'));
    return t.toEpochSecond(ZoneOffset.UTC) * 1_000_000L + t.getNano() / 1000;
  }
}
