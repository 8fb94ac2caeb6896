package dev.ballista.cli;

import java.sql.SQLException;

/** Runs one SQL statement and prints what it returned. */
interface StatementRunner {
  void run(String sql) throws SQLException;

  /** Asks the statement running now, if any, to stop; called from another thread. */
  void cancel() throws SQLException;
}
