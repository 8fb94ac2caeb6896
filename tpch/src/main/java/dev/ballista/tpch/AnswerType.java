package dev.ballista.tpch;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Objects;

/**
 * The type of a column in a TPC-H reference answer: how its text parses and how a result value is compared with
 * it. Decimals must agree to the cent, doubles (averages and ratios) within 0.01, strings after trimming.
 */
public enum AnswerType {
  STRING {
    @Override
    Object parse(String text) {
      return text.strip();
    }

    @Override
    boolean matches(Object expected, Object actual) {
      return expected.equals(actual.toString().strip());
    }
  },
  INTEGER {
    @Override
    Object parse(String text) {
      return Long.parseLong(text);
    }

    @Override
    boolean matches(Object expected, Object actual) {
      BigDecimal value = decimal(actual);
      return value != null && value.compareTo(BigDecimal.valueOf((Long) expected)) == 0;
    }
  },
  DECIMAL {
    @Override
    Object parse(String text) {
      return new BigDecimal(text);
    }

    @Override
    boolean matches(Object expected, Object actual) {
      BigDecimal value = decimal(actual);
      return value != null && cents(value).equals(cents((BigDecimal) expected));
    }
  },
  DOUBLE {
    private static final double TOLERANCE = 0.01;

    @Override
    Object parse(String text) {
      return Double.parseDouble(text);
    }

    @Override
    boolean matches(Object expected, Object actual) {
      BigDecimal value = decimal(actual);
      return value != null && Math.abs(value.doubleValue() - (Double) expected) <= TOLERANCE;
    }
  },
  DATE {
    @Override
    Object parse(String text) {
      return LocalDate.parse(text);
    }

    @Override
    boolean matches(Object expected, Object actual) {
      return expected.equals(date(actual));
    }
  };

  abstract Object parse(String text);

  /** A result value (not null) as the value {@link #parse} would give for its text. */
  Object convert(Object value) {
    return switch (this) {
      case STRING -> value.toString().strip();
      case INTEGER -> number(value).longValueExact();
      case DECIMAL -> number(value);
      case DOUBLE -> number(value).doubleValue();
      case DATE -> {
        LocalDate date = date(value);
        if (date == null) {
          throw new IllegalArgumentException("not a date: " + value);
        }
        yield date;
      }
    };
  }

  private static BigDecimal number(Object value) {
    BigDecimal d = decimal(value);
    if (d == null) {
      throw new IllegalArgumentException("not a number: " + value);
    }
    return d;
  }

  /** Whether a result value (not null) equals the expected one under this type's rule. */
  abstract boolean matches(Object expected, Object actual);

  private static BigDecimal cents(BigDecimal value) {
    return value.setScale(2, RoundingMode.HALF_UP);
  }

  /** A numeric result value as a decimal: any Number, or its text; null when it is neither. */
  private static BigDecimal decimal(Object value) {
    try {
      return switch (value) {
        case BigDecimal d -> d;
        case Double d -> BigDecimal.valueOf(d);
        case Float f -> BigDecimal.valueOf(f.doubleValue());
        case Number n -> new BigDecimal(n.toString());
        case CharSequence s -> new BigDecimal(s.toString().strip());
        default -> null;
      };
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** A date result value: a LocalDate, a java.sql.Date, a LocalDateTime, epoch days as Arrow gives them, or text. */
  private static LocalDate date(Object value) {
    return switch (value) {
      case LocalDate d -> d;
      case java.sql.Date d -> d.toLocalDate();
      case LocalDateTime t -> t.toLocalDate();
      case Integer days -> LocalDate.ofEpochDay(days);
      case Long days -> LocalDate.ofEpochDay(days);
      default -> parseDate(Objects.toString(value).strip());
    };
  }

  private static LocalDate parseDate(String text) {
    try {
      return LocalDate.parse(text);
    } catch (java.time.format.DateTimeParseException e) {
      return null;
    }
  }
}
