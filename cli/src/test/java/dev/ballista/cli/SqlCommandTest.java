package dev.ballista.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class SqlCommandTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int execute(String... args) {
    CommandLine cli = new CommandLine(new Main());
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  private String firstErrorLine() {
    return err.toString().lines().findFirst().orElse("");
  }

  @Test
  void anUnknownFlagIsAUsageError() {
    assertEquals(2, execute("sql", "--bogus"));
    assertEquals("Unknown option: '--bogus'", firstErrorLine());
    assertEquals("", out.toString());
  }

  @Test
  void executeAndFileTogetherAreAUsageError() {
    assertEquals(2, execute("sql", "-e", "SELECT 1", "-f", "q.sql"));
    assertTrue(firstErrorLine().contains("mutually exclusive"), firstErrorLine());
  }

  @Test
  void aMissingValueIsAUsageError() {
    assertEquals(2, execute("sql", "-e"));
    assertTrue(firstErrorLine().contains("-e"), firstErrorLine());
  }

  @Test
  void usageErrorsAreOneLineForMainsHandler() {
    CommandLine.ParameterException e = assertThrows(CommandLine.ParameterException.class,
        () -> new CommandLine(new Main()).parseArgs("sql", "--url"));
    assertEquals(1, e.getMessage().lines().count(), e.getMessage());
  }

  @Test
  void parsesOptions() {
    SqlCommand sql = new SqlCommand();
    new CommandLine(sql).parseArgs("--url", "jdbc:ballista://db:1/tpch", "-f", "q.sql",
        "--user", "ann", "--password", "pw");
    assertEquals("jdbc:ballista://db:1/tpch", sql.url);
    assertEquals(Path.of("q.sql"), sql.input.file);
    assertEquals("ann", sql.user);
    assertEquals("pw", sql.password);
  }

  @Test
  void theUrlDefaultsToTheLocalStandaloneOrBallistaUrl() {
    SqlCommand sql = new SqlCommand();
    new CommandLine(sql).parseArgs("-e", "SELECT 1");
    String fromEnvironment = System.getenv("BALLISTA_URL");
    assertEquals(fromEnvironment == null ? SqlCommand.DEFAULT_URL : fromEnvironment, sql.url);
    assertEquals("SELECT 1", sql.input.sql);
  }

  @Test
  void anUnreadableScriptFailsBeforeConnecting() {
    assertEquals(1, execute("sql", "--url", "jdbc:ballista://127.0.0.1:1", "-f", "/no/such.sql"));
    assertEquals("error: cannot read /no/such.sql: no such file\n", err.toString());
  }

  @Test
  void noServerIsOneLineAndExitCodeOne() throws IOException {
    int port = closedPort();
    String url = "jdbc:ballista://127.0.0.1:" + port + "?user=ann&password=secret";
    assertEquals(1, execute("sql", "--url", url, "-e", "SELECT 1"));
    assertEquals(1, err.toString().lines().count(), err.toString());
    assertTrue(err.toString().startsWith("error: cannot connect to jdbc:ballista://127.0.0.1:"
        + port + "?user=ann&password=***: "), err.toString());
    assertFalse(err.toString().contains("secret"));
  }

  @Test
  void aTcpProbeSaysWhyTheServerDidNotAnswer() throws IOException {
    int port = closedPort();
    assertEquals("Connection refused",
        Connector.whyNoAnswer("jdbc:ballista://127.0.0.1:" + port, 5));
    try (ServerSocket listening = new ServerSocket(0)) {
      assertEquals("the server at 127.0.0.1:" + listening.getLocalPort()
              + " does not answer Flight SQL calls",
          Connector.whyNoAnswer("jdbc:ballista://127.0.0.1:" + listening.getLocalPort(), 5));
    }
    assertEquals("unknown host nowhere.invalid",
        Connector.whyNoAnswer("jdbc:ballista://nowhere.invalid:32010", 5));
  }

  @Test
  void theReasonIsTheNetworksWhenThereIsOne() {
    SQLException refused = new SQLException("io exception", "08001",
        new RuntimeException("UNAVAILABLE: io exception",
            new java.net.ConnectException("Connection refused")));
    assertEquals("Connection refused", Connector.reason(refused));
    assertEquals("Invalid user or password",
        Connector.reason(new SQLException("Invalid user or password", "28000")));
  }

  @Test
  void passwordsInUrlsAreHidden() {
    assertEquals("jdbc:ballista://h:1/s?user=a&password=***&x=1",
        Connector.redact("jdbc:ballista://h:1/s?user=a&password=p%3Dq&x=1"));
    assertEquals("jdbc:ballista://h:1?PASSWORD=***",
        Connector.redact("jdbc:ballista://h:1?PASSWORD=pw"));
  }

  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
