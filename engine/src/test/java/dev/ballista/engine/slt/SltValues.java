package dev.ballista.engine.slt;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import org.apache.arrow.vector.types.pojo.ArrowType;

/**
 * Formats result values as sqllogictest text: NULL, (empty) for the empty string, true/false, decimals exactly
 * with their scale, floats without trailing zeros, dates as ISO dates and timestamps as "yyyy-MM-dd HH:mm:ss[.f]".
 */
final class SltValues {
  private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss[.SSSSSS]");

  private SltValues() {}

  static String format(ArrowType type, Object value) {
    if (value == null) {
      return "NULL";
    }
    return switch (type.getTypeID()) {
      case Date -> value instanceof Integer days ? LocalDate.ofEpochDay(days).toString()
          : value instanceof LocalDateTime t ? t.toLocalDate().toString() : value.toString();
      case Timestamp -> value instanceof LocalDateTime t ? timestamp(t) : value.toString();
      case Time -> value instanceof LocalDateTime t ? t.toLocalTime().toString()
          : value instanceof LocalTime t ? t.toString() : value.toString();
      case FloatingPoint -> floating(((Number) value).doubleValue());
      case Decimal -> ((BigDecimal) value).toPlainString();
      default -> {
        String s = value.toString();
        yield s.isEmpty() ? "(empty)" : s;
      }
    };
  }

  private static String timestamp(LocalDateTime t) {
    String s = t.format(TIMESTAMP);
    // trailing zeros of the fraction say nothing
    if (s.indexOf('.') > 0) {
      s = s.replaceAll("\\.?0+$", "");
    }
    return s;
  }

  private static String floating(double d) {
    if (Double.isNaN(d) || Double.isInfinite(d)) {
      return Double.toString(d);
    }
    if (d == 0) {
      return "0";
    }
    return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
  }

  /** Whether a column of this Arrow type matches a sqllogictest type letter. */
  static boolean matches(char letter, ArrowType type) {
    return switch (letter) {
      case 'I' -> type.getTypeID() == ArrowType.ArrowTypeID.Int;
      case 'R' -> type.getTypeID() == ArrowType.ArrowTypeID.FloatingPoint
          || type.getTypeID() == ArrowType.ArrowTypeID.Decimal;
      case 'T' -> type.getTypeID() == ArrowType.ArrowTypeID.Utf8 || type.getTypeID() == ArrowType.ArrowTypeID.LargeUtf8;
      case 'B' -> type.getTypeID() == ArrowType.ArrowTypeID.Bool;
      case 'D' -> switch (type.getTypeID()) {
        case Date, Time, Timestamp, Interval, Duration -> true;
        default -> false;
      };
      default -> true;
    };
  }
}
