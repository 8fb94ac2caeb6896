package dev.ballista.cli;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;

/** Runs statements on a JDBC connection: a table and "(N rows, 0.123 s)" for each result. */
final class JdbcStatementRunner implements StatementRunner {
  private final Connection connection;
  private final PrintWriter out;
  private volatile Statement running;

  JdbcStatementRunner(Connection connection, PrintWriter out) {
    this.connection = connection;
    this.out = out;
  }

  @Override
  public void run(String sql) throws SQLException {
    long start = System.nanoTime();
    try (Statement statement = connection.createStatement()) {
      running = statement;
      if (statement.execute(sql)) {
        try (ResultSet results = statement.getResultSet()) {
          long rows = ResultPrinter.print(results, out);
          out.println(summary(rows + (rows == 1 ? " row" : " rows"), start));
        }
      } else {
        long updated = statement.getLargeUpdateCount();
        out.println(updated < 0 ? summary("done", start) : summary(updated + " rows affected", start));
      }
      out.println();
    } finally {
      running = null;
      out.flush();
    }
  }

  @Override
  public void cancel() throws SQLException {
    Statement statement = running;
    if (statement != null) {
      statement.cancel();
    }
  }

  private static String summary(String what, long startNanos) {
    return String.format(Locale.ROOT, "(%s, %.3f s)", what, (System.nanoTime() - startNanos) / 1e9);
  }
}
