package dev.ballista.cli;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;

/** How one result value reads in the table: exact decimals, ISO dates and times, NULL. */
final class CellText {
  static final String NULL = "NULL";

  private CellText() {}

  static String of(Object value) {
    return switch (value) {
      case null -> NULL;
      // toString would switch to exponent notation (1E+3) and hide the scale.
      case BigDecimal decimal -> decimal.toPlainString();
      case LocalDate date -> date.toString();
      // ISO_LOCAL_TIME keeps the seconds that LocalTime.toString drops when they are zero.
      case LocalTime time -> time.format(DateTimeFormatter.ISO_LOCAL_TIME);
      case LocalDateTime timestamp -> timestamp.toLocalDate() + " "
          + timestamp.toLocalTime().format(DateTimeFormatter.ISO_LOCAL_TIME);
      case byte[] bytes -> "0x" + HexFormat.of().formatHex(bytes);
      default -> value.toString();
    };
  }
}
