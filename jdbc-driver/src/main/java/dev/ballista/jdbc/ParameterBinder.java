package dev.ballista.jdbc;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BaseIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DateMilliVector;
import org.apache.arrow.vector.Decimal256Vector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.FloatingPointVector;
import org.apache.arrow.vector.NullVector;
import org.apache.arrow.vector.TimeMicroVector;
import org.apache.arrow.vector.TimeMilliVector;
import org.apache.arrow.vector.TimeNanoVector;
import org.apache.arrow.vector.TimeSecVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.VariableWidthFieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.calcite.avatica.util.ByteString;
import org.apache.calcite.avatica.remote.TypedValue;

/**
 * Puts a prepared statement's parameter values into the one-row Arrow batch that Flight SQL sends
 * with DoPut. Uses the server's parameter schema; when the server sent none, the types are taken
 * from the values themselves.
 */
final class ParameterBinder {
  private static final long MILLIS_PER_DAY = 86_400_000L;

  private final BufferAllocator allocator;
  private final ZoneId sessionZone;

  ParameterBinder(BufferAllocator allocator, ZoneId sessionZone) {
    this.allocator = allocator;
    this.sessionZone = sessionZone;
  }

  /** A one-row batch of {@code values}; the caller owns it. */
  VectorSchemaRoot bind(Schema serverSchema, List<TypedValue> values) throws SQLException {
    Schema schema = serverSchema.getFields().isEmpty() ? inferSchema(values) : serverSchema;
    if (schema.getFields().size() != values.size()) {
      throw new SQLException("The statement has " + schema.getFields().size()
          + " parameters but " + values.size() + " values were bound", "07001");
    }
    VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator);
    try {
      root.allocateNew();
      for (int i = 0; i < values.size(); i++) {
        TypedValue value = values.get(i);
        if (value == null) {
          throw new SQLException("Parameter " + (i + 1) + " was not set", "07001");
        }
        set(root.getVector(i), localValue(value), i + 1);
      }
      root.setRowCount(1);
      return root;
    } catch (SQLException | RuntimeException e) {
      root.close();
      throw e;
    }
  }

  private static Object localValue(TypedValue value) {
    Object local = value.toLocal();
    return local instanceof ByteString bytes ? bytes.getBytes() : local;
  }

  private void set(FieldVector vector, Object value, int position) throws SQLException {
    if (value == null) {
      if (!(vector instanceof NullVector)) {
        vector.setNull(0);
      }
      return;
    }
    try {
      switch (vector) {
        case BitVector bits -> bits.setSafe(0, asBoolean(value) ? 1 : 0);
        case BaseIntVector ints -> ints.setWithPossibleTruncate(0, asBigDecimal(value).longValueExact());
        case FloatingPointVector floats ->
            floats.setWithPossibleTruncate(0, asBigDecimal(value).doubleValue());
        case DecimalVector decimals -> decimals.setSafe(0,
            asBigDecimal(value).setScale(decimals.getScale(), RoundingMode.HALF_UP));
        case Decimal256Vector decimals -> decimals.setSafe(0,
            asBigDecimal(value).setScale(decimals.getScale(), RoundingMode.HALF_UP));
        case DateDayVector days -> days.setSafe(0, asEpochDay(value));
        case DateMilliVector millis -> millis.setSafe(0, asEpochDay(value) * MILLIS_PER_DAY);
        case TimeSecVector seconds -> seconds.setSafe(0, asMillisOfDay(value) / 1000);
        case TimeMilliVector millis -> millis.setSafe(0, asMillisOfDay(value));
        case TimeMicroVector micros -> micros.setSafe(0, asMillisOfDay(value) * 1000L);
        case TimeNanoVector nanos -> nanos.setSafe(0, asMillisOfDay(value) * 1_000_000L);
        case TimeStampVector stamps -> stamps.setSafe(0, timestampIn(stamps, value));
        case VariableWidthFieldVector varying -> varying.setSafe(0, asBytes(value));
        default -> throw new SQLException("Parameter " + position + ": Arrow type "
            + vector.getField().getType() + " is not supported", "HY004");
      }
    } catch (ArithmeticException | NumberFormatException | ClassCastException e) {
      throw new SQLException("Parameter " + position + ": cannot convert "
          + value.getClass().getSimpleName() + " '" + value + "' to "
          + vector.getField().getType(), "22018", e);
    }
  }

  private long timestampIn(TimeStampVector vector, Object value) {
    ArrowType.Timestamp type = (ArrowType.Timestamp) vector.getField().getType();
    long wallClockMillis = asWallClockMillis(value);
    long epochMillis = type.getTimezone() == null || type.getTimezone().isEmpty()
        ? wallClockMillis
        : LocalDateTime.ofEpochSecond(Math.floorDiv(wallClockMillis, 1000),
                Math.floorMod(wallClockMillis, 1000) * 1_000_000, ZoneOffset.UTC)
            .atZone(sessionZone).toInstant().toEpochMilli();
    return switch (type.getUnit()) {
      case SECOND -> Math.floorDiv(epochMillis, 1000);
      case MILLISECOND -> epochMillis;
      case MICROSECOND -> epochMillis * 1000;
      case NANOSECOND -> epochMillis * 1_000_000;
    };
  }

  private static boolean asBoolean(Object value) {
    if (value instanceof Boolean b) {
      return b;
    }
    if (value instanceof String s) {
      return Boolean.parseBoolean(s.trim());
    }
    return asBigDecimal(value).signum() != 0;
  }

  private static BigDecimal asBigDecimal(Object value) {
    return switch (value) {
      case BigDecimal d -> d;
      case Boolean b -> b ? BigDecimal.ONE : BigDecimal.ZERO;
      case Float f -> new BigDecimal(f.toString());
      case Double d -> BigDecimal.valueOf(d);
      case Number n -> new BigDecimal(n.toString());
      case String s -> new BigDecimal(s.trim());
      default -> throw new ClassCastException(value.getClass().getName());
    };
  }

  private static int asEpochDay(Object value) {
    return switch (value) {
      case Integer days -> days;
      case LocalDate date -> (int) date.toEpochDay();
      case String s -> (int) LocalDate.parse(s.trim()).toEpochDay();
      default -> throw new ClassCastException(value.getClass().getName());
    };
  }

  private static int asMillisOfDay(Object value) {
    return switch (value) {
      case Integer millis -> millis;
      case LocalTime time -> (int) (time.toNanoOfDay() / 1_000_000);
      case String s -> (int) (LocalTime.parse(s.trim()).toNanoOfDay() / 1_000_000);
      default -> throw new ClassCastException(value.getClass().getName());
    };
  }

  private static long asWallClockMillis(Object value) {
    return switch (value) {
      case Long millis -> millis;
      case Integer days -> days * MILLIS_PER_DAY;
      case LocalDateTime time -> time.toInstant(ZoneOffset.UTC).toEpochMilli();
      case LocalDate date -> date.toEpochDay() * MILLIS_PER_DAY;
      case String s -> LocalDateTime.parse(s.trim().replace(' ', 'T'))
          .toInstant(ZoneOffset.UTC).toEpochMilli();
      default -> throw new ClassCastException(value.getClass().getName());
    };
  }

  private static byte[] asBytes(Object value) {
    return value instanceof byte[] bytes
        ? bytes
        : value.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** Arrow types for values bound to a statement whose server gave no parameter schema. */
  private static Schema inferSchema(List<TypedValue> values) {
    List<Field> fields = new ArrayList<>();
    for (int i = 0; i < values.size(); i++) {
      TypedValue value = values.get(i);
      ArrowType type = value == null ? ArrowType.Null.INSTANCE : arrowTypeOf(value);
      fields.add(new Field("p" + (i + 1), FieldType.nullable(type), null));
    }
    return new Schema(fields);
  }

  private static ArrowType arrowTypeOf(TypedValue value) {
    Object local = value.toLocal();
    if (local == null) {
      return ArrowType.Null.INSTANCE;
    }
    return switch (value.type) {
      case BOOLEAN, PRIMITIVE_BOOLEAN -> ArrowType.Bool.INSTANCE;
      case BYTE, PRIMITIVE_BYTE -> new ArrowType.Int(8, true);
      case SHORT, PRIMITIVE_SHORT -> new ArrowType.Int(16, true);
      case INTEGER, PRIMITIVE_INT -> new ArrowType.Int(32, true);
      case LONG, PRIMITIVE_LONG -> new ArrowType.Int(64, true);
      case FLOAT, PRIMITIVE_FLOAT -> new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE);
      case DOUBLE, PRIMITIVE_DOUBLE -> new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
      case NUMBER -> {
        BigDecimal decimal = asBigDecimal(local);
        int scale = Math.max(decimal.scale(), 0);
        yield new ArrowType.Decimal(Math.max(decimal.precision(), scale + 1), scale, 128);
      }
      case JAVA_SQL_DATE -> new ArrowType.Date(DateUnit.DAY);
      case JAVA_SQL_TIME -> new ArrowType.Time(TimeUnit.MILLISECOND, 32);
      case JAVA_SQL_TIMESTAMP, JAVA_UTIL_DATE -> new ArrowType.Timestamp(TimeUnit.MILLISECOND, null);
      case BYTE_STRING -> ArrowType.Binary.INSTANCE;
      default -> switch (local) {
        case LocalDate ignored -> new ArrowType.Date(DateUnit.DAY);
        case LocalTime ignored -> new ArrowType.Time(TimeUnit.MILLISECOND, 32);
        case LocalDateTime ignored -> new ArrowType.Timestamp(TimeUnit.MILLISECOND, null);
        default -> ArrowType.Utf8.INSTANCE;
      };
    };
  }
}
