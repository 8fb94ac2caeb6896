package dev.ballista.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ballista.cli.TableFormatter.Column;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TableFormatterTest {
  private static List<String> table(List<Column> columns, List<String[]> rows, int maxWidth) {
    TableFormatter formatter = new TableFormatter(columns, rows, maxWidth);
    List<String> lines = new ArrayList<>(formatter.header());
    rows.forEach(row -> lines.add(formatter.row(row)));
    return lines;
  }

  private static String[] row(Object... values) {
    String[] cells = new String[values.length];
    for (int i = 0; i < values.length; i++) {
      cells[i] = CellText.of(values[i]);
    }
    return cells;
  }

  @Test
  void numbersAlignRightTextLeftAndNamesCentre() {
    List<String> lines = table(
        List.of(new Column("n_nationkey", true), new Column("n_name", false),
            new Column("balance", true)),
        List.<String[]>of(row(0, "ALGERIA", new BigDecimal("711.56")),
            row(24, "UNITED STATES", new BigDecimal("-0.01")),
            row(null, null, null)),
        60);
    assertEquals(List.of(
            " n_nationkey |    n_name     | balance",
            "-------------+---------------+---------",
            "           0 | ALGERIA       |  711.56",
            "          24 | UNITED STATES |   -0.01",
            "        NULL | NULL          |    NULL"),
        lines);
  }

  @Test
  void anEmptyResultStillHasItsHeader() {
    assertEquals(List.of(" a | bb", "---+----"),
        table(List.of(new Column("a", true), new Column("bb", false)), List.of(), 60));
  }

  @Test
  void longTextIsCutButNumbersNever() {
    List<String> lines = table(
        List.of(new Column("comment", false), new Column("big", true)),
        List.<String[]>of(row("carefully final deposits detect slyly agai",
            new BigDecimal("12345678901234567890.12"))),
        12);
    assertEquals(List.of(
            "   comment    |           big",
            "--------------+-------------------------",
            " carefully... | 12345678901234567890.12"),
        lines);
  }

  @Test
  void theLastTextColumnIsNeverCut() {
    String plan = "FileScanExec: lineitem PARQUET projection=[l_quantity, l_extendedprice]";
    List<String> lines = table(
        List.of(new Column("step", false), new Column("plan", false)),
        List.<String[]>of(row("a long first column", plan)),
        12);
    assertEquals(" a long fi... | " + plan, lines.get(2));
  }

  @Test
  void wideCharactersTakeTwoColumnsAndControlCharactersAreEscaped() {
    List<String> lines = table(
        List.of(new Column("s", false), new Column("x", true)),
        List.of(row("日本", 1), row("a\tb\nc", 22)),
        60);
    assertEquals(List.of(
            "    s    | x",
            "---------+----",
            " 日本    |  1",
            " a\\tb\\nc | 22"),
        lines);
  }

  @Test
  void aRowWiderThanTheSizingRowsKeepsItsFullNumber() {
    TableFormatter formatter = new TableFormatter(
        List.of(new Column("n", true), new Column("s", false)), List.<String[]>of(row(7, "x")), 60);
    assertEquals(" 7 | x", formatter.row(row(7, "x")));
    assertEquals(" 12345 | x", formatter.row(row(12345, "x")));
  }

  @Test
  void valuesReadExactlyAndDatesAsIso() {
    assertEquals("NULL", CellText.of(null));
    assertEquals("1000", CellText.of(new BigDecimal("1E+3")));
    assertEquals("0.00000100", CellText.of(new BigDecimal("0.00000100")));
    assertEquals("1995-03-15", CellText.of(LocalDate.of(1995, 3, 15)));
    assertEquals("13:45:00", CellText.of(LocalTime.of(13, 45)));
    assertEquals("13:45:30.123", CellText.of(LocalTime.of(13, 45, 30, 123_000_000)));
    assertEquals("1998-12-01 00:00:00", CellText.of(LocalDateTime.of(1998, 12, 1, 0, 0)));
    assertEquals("0x00ff10", CellText.of(new byte[] {0, (byte) 0xff, 0x10}));
    assertEquals("2.25", CellText.of(2.25d));
    assertEquals("true", CellText.of(true));
    assertEquals("-9223372036854775808", CellText.of(Long.MIN_VALUE));
  }
}
