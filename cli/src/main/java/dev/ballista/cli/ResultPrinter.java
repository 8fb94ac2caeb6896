package dev.ballista.cli;

import java.io.PrintWriter;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;

/** Prints a result set as a {@link TableFormatter} table while it streams in. */
final class ResultPrinter {
  /** Rows read before printing, to size the columns; the rest print as they arrive. */
  static final int SIZING_ROWS = 1000;

  private ResultPrinter() {}

  /** Prints every row and returns how many there were. */
  static long print(ResultSet results, PrintWriter out) throws SQLException {
    ResultSetMetaData metaData = results.getMetaData();
    int[] types = new int[metaData.getColumnCount()];
    List<TableFormatter.Column> columns = new ArrayList<>();
    for (int i = 0; i < types.length; i++) {
      types[i] = metaData.getColumnType(i + 1);
      columns.add(new TableFormatter.Column(metaData.getColumnLabel(i + 1), isNumber(types[i])));
    }
    List<String[]> firstRows = new ArrayList<>();
    boolean more = true;
    while (firstRows.size() < SIZING_ROWS && (more = results.next())) {
      firstRows.add(row(results, types));
    }
    TableFormatter table =
        new TableFormatter(columns, firstRows, TableFormatter.DEFAULT_MAX_TEXT_WIDTH);
    table.header().forEach(out::println);
    firstRows.forEach(row -> out.println(table.row(row)));
    out.flush();
    long count = firstRows.size();
    while (more && results.next()) {
      out.println(table.row(row(results, types)));
      count++;
    }
    return count;
  }

  static boolean isNumber(int sqlType) {
    return switch (sqlType) {
      case Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT, Types.REAL, Types.FLOAT,
          Types.DOUBLE, Types.DECIMAL, Types.NUMERIC -> true;
      default -> false;
    };
  }

  private static String[] row(ResultSet results, int[] types) throws SQLException {
    String[] cells = new String[types.length];
    for (int i = 0; i < types.length; i++) {
      cells[i] = CellText.of(value(results, i + 1, types[i]));
    }
    return cells;
  }

  /** Dates and times as java.time values: java.sql ones would shift by the local time zone. */
  private static Object value(ResultSet results, int column, int sqlType) throws SQLException {
    return switch (sqlType) {
      case Types.DATE -> results.getObject(column, LocalDate.class);
      case Types.TIME -> results.getObject(column, LocalTime.class);
      case Types.TIMESTAMP -> results.getObject(column, LocalDateTime.class);
      case Types.DECIMAL, Types.NUMERIC -> results.getBigDecimal(column);
      default -> results.getObject(column);
    };
  }
}
