package dev.ballista.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.sql.SQLException;

/**
 * Runs the statements of a script in order and stops at the first that fails. Each statement runs
 * as soon as its semicolon has been read, so a script piped in from another program runs as it
 * arrives.
 */
final class ScriptRunner {
  private final StatementRunner runner;
  private final PrintWriter err;
  private final boolean showLocation;
  private int statementNumber;

  /** {@code showLocation}: name the failed statement by number, line and first line of text. */
  ScriptRunner(StatementRunner runner, PrintWriter err, boolean showLocation) {
    this.runner = runner;
    this.err = err;
    this.showLocation = showLocation;
  }

  /** Whether every statement succeeded. */
  boolean run(BufferedReader script) throws IOException {
    StringBuilder pending = new StringBuilder();
    int linesBeforePending = 0;
    int pendingLines = 0;
    for (String line = script.readLine(); line != null; line = script.readLine()) {
      pending.append(line).append('\n');
      pendingLines++;
      if (SqlScript.isComplete(pending.toString())) {
        if (!runAll(pending.toString(), linesBeforePending)) {
          return false;
        }
        linesBeforePending += pendingLines;
        pending.setLength(0);
        pendingLines = 0;
      }
    }
    return runAll(pending.toString(), linesBeforePending);
  }

  private boolean runAll(String text, int linesBefore) {
    for (SqlScript.Statement statement : SqlScript.split(text)) {
      statementNumber++;
      try {
        runner.run(statement.sql());
      } catch (SQLException e) {
        err.println("error: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
        if (showLocation) {
          err.println("  in statement " + statementNumber + " at line "
              + (linesBefore + statement.line()) + ": " + statement.firstLine());
        }
        err.flush();
        return false;
      }
    }
    return true;
  }
}
