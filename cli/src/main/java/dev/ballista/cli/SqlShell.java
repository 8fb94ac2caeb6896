package dev.ballista.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.SQLException;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;

/**
 * The interactive shell: statements end with a semicolon and may span lines; history is kept in
 * a file. Ctrl-C clears the line being typed or cancels the running statement; {@code \q},
 * {@code quit}, {@code exit} or Ctrl-D leave.
 */
final class SqlShell {
  static final String PROMPT = "ballista> ";
  /** As wide as the prompt, so that continued lines line up with the first. */
  static final String CONTINUATION_PROMPT = "       -> ";

  private final Terminal terminal;
  private final StatementRunner runner;
  private final Path historyFile;

  SqlShell(Terminal terminal, StatementRunner runner, Path historyFile) {
    this.terminal = terminal;
    this.runner = runner;
    this.historyFile = historyFile;
  }

  void run() throws IOException {
    LineReader reader = LineReaderBuilder.builder()
        .terminal(terminal)
        .appName("ballista")
        .parser(new SqlLineParser())
        .variable(LineReader.HISTORY_FILE, historyFile)
        .variable(LineReader.SECONDARY_PROMPT_PATTERN, CONTINUATION_PROMPT)
        // "!" is SQL (a != b), not a history reference.
        .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
        .build();
    try {
      while (true) {
        String input;
        try {
          input = reader.readLine(PROMPT);
        } catch (UserInterruptException e) {
          continue;
        } catch (EndOfFileException e) {
          return;
        }
        if (isQuit(input)) {
          return;
        }
        runAll(input);
      }
    } finally {
      reader.getHistory().save();
    }
  }

  /** Runs the statements of one input, up to the first that fails. */
  private void runAll(String input) {
    PrintWriter out = terminal.writer();
    Terminal.SignalHandler previous = terminal.handle(Terminal.Signal.INT, signal -> cancel(out));
    try {
      for (SqlScript.Statement statement : SqlScript.split(input)) {
        try {
          runner.run(statement.sql());
        } catch (SQLException e) {
          out.println("error: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
          return;
        }
      }
    } finally {
      terminal.handle(Terminal.Signal.INT, previous);
      out.flush();
    }
  }

  private void cancel(PrintWriter out) {
    try {
      runner.cancel();
    } catch (SQLException e) {
      out.println("error: could not cancel: " + e.getMessage());
      out.flush();
    }
  }

  /** Whether the input is {@code \q}, {@code quit} or {@code exit}, with or without a semicolon. */
  static boolean isQuit(String input) {
    String command = input.strip();
    if (command.endsWith(";")) {
      command = command.substring(0, command.length() - 1).strip();
    }
    return command.equals("\\q") || command.equalsIgnoreCase("quit")
        || command.equalsIgnoreCase("exit");
  }
}
