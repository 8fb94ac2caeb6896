package dev.ballista.tpch.run;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Runs one statement and reads every row: the time is until the last row arrived. */
final class QueryExecution {
  /** The row count, the rows themselves when kept, and the wall time in milliseconds. */
  record Result(long rowCount, List<List<Object>> rows, double millis) {}

  private QueryExecution() {}

  static Result run(Connection connection, String sql, boolean keepRows) throws SQLException {
    long start = System.nanoTime();
    List<List<Object>> rows = keepRows ? new ArrayList<>() : null;
    long count = 0;
    try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
      int columns = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        count++;
        if (keepRows) {
          List<Object> row = new ArrayList<>(columns);
          for (int c = 1; c <= columns; c++) {
            row.add(rs.getObject(c));
          }
          rows.add(row);
        }
      }
    }
    return new Result(count, rows, (System.nanoTime() - start) / 1e6);
  }

  /** The most useful one-line message of a failure: the SQL exception's own, without a stack. */
  static String message(Exception e) {
    String message = e.getMessage();
    if (message == null || message.isBlank()) {
      message = e.getClass().getSimpleName();
    }
    return message.strip().lines().findFirst().orElse(message);
  }
}
