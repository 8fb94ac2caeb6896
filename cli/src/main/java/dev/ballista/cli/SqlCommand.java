package dev.ballista.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.terminal.impl.DumbTerminal;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ballista sql}: run SQL through a cluster's Flight SQL endpoint, or open a shell. */
@Command(name = "sql", mixinStandardHelpOptions = true,
    description = {"Run SQL on a Ballista cluster through its Flight SQL endpoint.",
        "With neither -e nor -f: an interactive shell on a terminal, else the statements on"
            + " standard input."})
final class SqlCommand implements Callable<Integer> {
  static final String DEFAULT_URL = "jdbc:ballista://127.0.0.1:32010";
  private static final int CONNECT_TIMEOUT_SECONDS = 5;

  @Option(names = "--url", paramLabel = "URL",
      defaultValue = "${env:BALLISTA_URL:-" + DEFAULT_URL + "}",
      description = "jdbc:ballista://host:port[/schema][?user=..&password=..]"
          + " (default: $BALLISTA_URL, else " + DEFAULT_URL + ").")
  String url;

  @ArgGroup(exclusive = true)
  Input input;

  /** Where statements come from when not from the terminal: -e or -f, not both. */
  static final class Input {
    @Option(names = {"-e", "--execute"}, paramLabel = "SQL", required = true,
        description = "Run these statements (separated by ;) and exit.")
    String sql;

    @Option(names = {"-f", "--file"}, paramLabel = "FILE", required = true,
        description = "Run the statements of this script and exit.")
    Path file;
  }

  @Option(names = "--user", description = "User to log in as.")
  String user;

  @Option(names = "--password", description = "Password of the user.")
  String password;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws IOException, SQLException {
    PrintWriter err = spec.commandLine().getErr();
    String script = null;
    if (input != null && input.file != null) {
      try {
        script = Files.readString(input.file, StandardCharsets.UTF_8);
      } catch (IOException e) {
        String reason = e instanceof NoSuchFileException ? "no such file" : e.getMessage();
        err.println("error: cannot read " + input.file + ": " + reason);
        return 1;
      }
    } else if (input != null) {
      script = input.sql;
    }
    Connection connection;
    try {
      connection = Connector.open(url, credentials(), CONNECT_TIMEOUT_SECONDS);
    } catch (SQLException e) {
      // The driver's messages may quote the URL, password and all.
      err.println("error: cannot connect to " + Connector.redact(url) + ": "
          + Connector.redact(String.valueOf(e.getMessage())));
      return 1;
    }
    try (connection) {
      if (script != null) {
        boolean fromFile = input.file != null;
        return runScript(new BufferedReader(new StringReader(script)), connection, fromFile) ? 0 : 1;
      }
      return readStandardInput(connection);
    }
  }

  private Properties credentials() {
    Properties properties = new Properties();
    if (user != null) {
      properties.setProperty("user", user);
    }
    if (password != null) {
      properties.setProperty("password", password);
    }
    return properties;
  }

  private boolean runScript(BufferedReader script, Connection connection, boolean showLocation)
      throws IOException {
    StatementRunner runner = new JdbcStatementRunner(connection, spec.commandLine().getOut());
    return new ScriptRunner(runner, spec.commandLine().getErr(), showLocation).run(script);
  }

  private int readStandardInput(Connection connection) throws IOException {
    Terminal terminal = TerminalBuilder.builder().system(true).dumb(true).build();
    if (terminal instanceof DumbTerminal) {
      // JLine found no terminal on standard input: a script is piped in.
      terminal.close();
      BufferedReader stdin =
          new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      return runScript(stdin, connection, true) ? 0 : 1;
    }
    try (terminal) {
      StatementRunner runner = new JdbcStatementRunner(connection, terminal.writer());
      Path history = Path.of(System.getProperty("user.home"), ".ballista_history");
      new SqlShell(terminal, runner, history).run();
      return 0;
    }
  }
}
