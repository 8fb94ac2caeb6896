package dev.ballista.engine.expr;

import dev.ballista.engine.ErrorCode;
import dev.ballista.engine.QueryException;
import dev.ballista.engine.exec.Batch;
import dev.ballista.engine.exec.TaskContext;
import dev.ballista.engine.types.DataType;
import dev.ballista.engine.types.DataType.Kind;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;

/**
 * CAST(input AS type). Integer and DECIMAL(p<=18) rescaling runs on longs; conversions to and from text and
 * wide decimals go value by value. A value that does not fit is an error, as SQL requires.
 */
public record CastExpr(PhysicalExpr input, DataType type) implements PhysicalExpr {
  @Override
  public FieldVector evaluate(Batch batch, TaskContext context) {
    DataType from = input.type();
    int rows = batch.rowCount();
    if (from.equals(type) || sameLongs(from, type)) {
      return input.evaluate(batch, context);
    }
    if (ArithmeticExpr.isLongLane(from) && ArithmeticExpr.isLongLane(type) && !isDateTimeChange(from)) {
      return castLongs(batch, context, rows);
    }
    if (type.kind() == Kind.DOUBLE && ArithmeticExpr.isLongLane(from) && from.kind() != Kind.DATE) {
      return longsToDouble(batch, context, rows);
    }
    return castValues(batch, context, rows);
  }

  /**
   * Whether every value of {@code from} is already the value of {@code to} in the same 8 bytes: BIGINT and
   * DECIMAL(p<=18) of one scale where the target's precision holds every source value (SUM(decimal) and joins
   * widen this way constantly), so the cast passes the input's vector through untouched.
   */
  private static boolean sameLongs(DataType from, DataType to) {
    if (from.storage() != DataType.Storage.INT64 || to.storage() != DataType.Storage.INT64
        || scaleOf(from) != scaleOf(to)) {
      return false;
    }
    if (to.kind() == Kind.BIGINT) {
      return from.kind() == Kind.BIGINT || from.kind() == Kind.DECIMAL;
    }
    return to.kind() == Kind.DECIMAL && from.kind() == Kind.DECIMAL && to.precision() >= from.precision();
  }

  private boolean isDateTimeChange(DataType from) {
    boolean fromTemporal = from.kind() == Kind.DATE || from.kind() == Kind.TIMESTAMP || from.kind() == Kind.TIME;
    boolean toTemporal = type.kind() == Kind.DATE || type.kind() == Kind.TIMESTAMP || type.kind() == Kind.TIME;
    return fromTemporal != toTemporal || (fromTemporal && from.kind() != type.kind());
  }

  private static int scaleOf(DataType t) {
    return t.kind() == Kind.DECIMAL ? t.scale() : 0;
  }

  private FieldVector castLongs(Batch batch, TaskContext context, int rows) {
    try (LongLane in = LongLane.of(input, batch, context)) {
      BigIntVector out = Vectors.allocateLongs(type, rows, context.allocator());
      if (in.constantNull) {
        out.setValueCount(rows);
        return narrowLongs(out, type, rows, context);
      }
      if (in.validity == null) {
        Vectors.setAllValid(out, rows);
      } else {
        Vectors.andValidity(out.getValidityBuffer(), in.validity, null, rows);
      }
      int shift = scaleOf(type) - scaleOf(input.type());
      ArrowBuf dst = out.getDataBuffer();
      try {
        if (shift >= 0) {
          long factor = ArithmeticExpr.pow10(shift);
          for (int i = 0; i < rows; i++) {
            dst.setLong((long) i << 3, Math.multiplyExact(in.get(i), factor));
          }
        } else {
          long divisor = ArithmeticExpr.pow10(-shift);
          for (int i = 0; i < rows; i++) {
            dst.setLong((long) i << 3, ArithmeticExpr.divideRoundHalfUp(in.get(i), divisor));
          }
        }
      } catch (ArithmeticException e) {
        out.close();
        throw new QueryException(ErrorCode.INVALID_CAST, "value out of range for " + type);
      }
      out.setValueCount(rows);
      // DECIMAL(18, s) holds 18 digits; a long holds 19, so 18 needs the check too.
      if (type.kind() == Kind.DECIMAL && type.precision() <= 18) {
        long limit = ArithmeticExpr.pow10(type.precision());
        for (int i = 0; i < rows; i++) {
          long v = dst.getLong((long) i << 3);
          if ((v >= limit || v <= -limit) && !out.isNull(i)) {
            out.close();
            throw new QueryException(ErrorCode.INVALID_CAST, "value out of range for " + type);
          }
        }
      }
      return narrowLongs(out, type, rows, context);
    }
  }

  /** Stores 8-byte results into a narrower integer vector, failing on values that do not fit. */
  static FieldVector narrowLongs(FieldVector longs, DataType type, int rows, TaskContext context) {
    DataType.Storage storage = type.storage();
    if (storage == DataType.Storage.INT64) {
      return longs;
    }
    try (longs) {
      FieldVector out = Vectors.allocate(type, rows, context.allocator());
      ArrowBuf src = longs.getDataBuffer();
      ArrowBuf dst = out.getDataBuffer();
      long min = switch (storage) {
        case INT8 -> Byte.MIN_VALUE;
        case INT16 -> Short.MIN_VALUE;
        default -> Integer.MIN_VALUE;
      };
      long max = -min - 1;
      for (int i = 0; i < rows; i++) {
        long v = src.getLong((long) i << 3);
        if ((v < min || v > max) && !longs.isNull(i)) {
          out.close();
          throw new QueryException(ErrorCode.ARITHMETIC_ERROR, type + " overflow");
        }
        switch (storage) {
          case INT8 -> dst.setByte(i, (byte) v);
          case INT16 -> dst.setShort((long) i << 1, (short) v);
          default -> dst.setInt((long) i << 2, (int) v);
        }
      }
      LongLane.copyValidity(longs, out, rows);
      out.setValueCount(rows);
      return out;
    }
  }

  private FieldVector longsToDouble(Batch batch, TaskContext context, int rows) {
    try (LongLane in = LongLane.of(input, batch, context)) {
      Float8Vector out = Vectors.allocateDoubles(rows, context.allocator());
      if (in.constantNull) {
        out.setValueCount(rows);
        return out;
      }
      if (in.validity == null) {
        Vectors.setAllValid(out, rows);
      } else {
        Vectors.andValidity(out.getValidityBuffer(), in.validity, null, rows);
      }
      double divisor = Math.pow(10, scaleOf(input.type()));
      ArrowBuf dst = out.getDataBuffer();
      for (int i = 0; i < rows; i++) {
        dst.setDouble((long) i << 3, in.get(i) / divisor);
      }
      out.setValueCount(rows);
      return out;
    }
  }

  /** Value-at-a-time conversions: text, wide decimals, floating point to exact types, dates. */
  private FieldVector castValues(Batch batch, TaskContext context, int rows) {
    try (FieldVector in = input.evaluate(batch, context)) {
      FieldVector out = Vectors.allocate(type, rows, context.allocator());
      ValueReader reader = ValueReader.of(in, input.type());
      ValueWriter writer = ValueWriter.of(out, type);
      try {
        for (int i = 0; i < rows; i++) {
          Object v = reader.get(i);
          if (v != null) {
            writer.set(i, convert(v));
          }
        }
      } catch (RuntimeException e) {
        out.close();
        throw e;
      }
      out.setValueCount(rows);
      return out;
    }
  }

  private Object convert(Object v) {
    DataType from = input.type();
    try {
      return switch (type.kind()) {
        case VARCHAR -> ValueReader.format(v, from);
        case BOOLEAN -> v instanceof String s ? parseBoolean(s) : v instanceof Boolean ? v : toDecimal(v).signum() != 0;
        case DOUBLE, REAL -> v instanceof String s ? Double.parseDouble(s.trim()) : toDouble(v);
        case DECIMAL -> {
          BigDecimal d = v instanceof String s ? new BigDecimal(s.trim()) : toDecimal(v);
          yield d.setScale(type.scale(), RoundingMode.HALF_UP);
        }
        case TINYINT, SMALLINT, INTEGER, BIGINT -> {
          BigDecimal d = v instanceof String s ? new BigDecimal(s.trim()) : toDecimal(v);
          yield d.setScale(0, RoundingMode.HALF_UP).longValueExact();
        }
        case DATE -> {
          if (v instanceof String s) {
            yield LocalDate.parse(s.trim()).toEpochDay();
          }
          if (from.kind() == Kind.TIMESTAMP) {
            yield Math.floorDiv((Long) v, 86_400_000_000L);
          }
          throw unsupported();
        }
        case TIMESTAMP -> {
          if (from.kind() == Kind.DATE) {
            yield ((Number) v).longValue() * 86_400_000_000L;
          }
          if (v instanceof String s) {
            yield ValueReader.parseTimestampMicros(s.trim());
          }
          throw unsupported();
        }
        default -> throw unsupported();
      };
    } catch (NumberFormatException | DateTimeParseException e) {
      throw new QueryException(ErrorCode.INVALID_CAST, "cannot cast '" + v + "' to " + type);
    } catch (ArithmeticException e) {
      throw new QueryException(ErrorCode.INVALID_CAST, "value " + v + " out of range for " + type);
    }
  }

  private QueryException unsupported() {
    return new QueryException(ErrorCode.NOT_SUPPORTED, "cannot cast " + input.type() + " to " + type);
  }

  private static Boolean parseBoolean(String s) {
    return switch (s.trim().toLowerCase()) {
      case "true", "t", "1", "yes" -> true;
      case "false", "f", "0", "no" -> false;
      default -> throw new NumberFormatException(s);
    };
  }

  private BigDecimal toDecimal(Object v) {
    if (v instanceof BigDecimal d) {
      return d;
    }
    if (v instanceof Double d) {
      return BigDecimal.valueOf(d);
    }
    if (v instanceof Boolean b) {
      return b ? BigDecimal.ONE : BigDecimal.ZERO;
    }
    return BigDecimal.valueOf(((Number) v).longValue(), scaleOf(input.type()));
  }

  private double toDouble(Object v) {
    return v instanceof Double d ? d : toDecimal(v).doubleValue();
  }

  @Override
  public List<PhysicalExpr> children() {
    return List.of(input);
  }

  @Override
  public String toString() {
    return "CAST(" + input + " AS " + type + ")";
  }
}
