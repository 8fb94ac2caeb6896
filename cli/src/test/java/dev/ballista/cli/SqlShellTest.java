package dev.ballista.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqlShellTest {
  @TempDir
  Path home;

  private final List<String> ran = new ArrayList<>();
  private final ByteArrayOutputStream screen = new ByteArrayOutputStream();

  /**
   * Types the keys into a shell whose statements are recorded ("bad" ones fail). The keys must
   * leave the shell: JLine drops what is still unread once its input is closed.
   */
  private void type(String keys) throws IOException {
    StatementRunner runner = new StatementRunner() {
      @Override
      public void run(String sql) throws SQLException {
        ran.add(sql);
        if (sql.contains("bad")) {
          throw new SQLException("Column 'bad' not found");
        }
      }

      @Override
      public void cancel() {}
    };
    PipedOutputStream keyboard = new PipedOutputStream();
    PipedInputStream input = new PipedInputStream(keyboard, 64 * 1024);
    keyboard.write(keys.getBytes(StandardCharsets.UTF_8));
    try (Terminal terminal = TerminalBuilder.builder()
        .system(false)
        .streams(input, screen)
        .type(Terminal.TYPE_DUMB)
        .build()) {
      new SqlShell(terminal, runner, home.resolve(".ballista_history")).run();
    } finally {
      keyboard.close();
    }
  }

  /**
   * Whether the screen shows the text within a few seconds: JLine may copy terminal output to the screen stream on
   * its own pump thread, which a loaded machine can run after the shell has returned.
   */
  private boolean screenShows(String text) {
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(5);
    while (!screen.toString(StandardCharsets.UTF_8).contains(text)) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return true;
  }

  @Test
  void readsAStatementOverLinesUntilItsSemicolon() throws IOException {
    type("SELECT a\r  FROM t\r;\rSELECT 'x;\ry' AS s; SELECT 2;\r\\q\rSELECT 3;\r");
    assertEquals(List.of("SELECT a\n  FROM t", "SELECT 'x;\ny' AS s", "SELECT 2"), ran);
  }

  @Test
  void keepsGoingAfterAFailedStatementAndShowsTheError() throws IOException {
    type("SELECT bad; SELECT skipped;\rSELECT 1 != 2;\rquit\r");
    assertEquals(List.of("SELECT bad", "SELECT 1 != 2"), ran);
    assertTrue(screenShows("error: Column 'bad' not found"), screen.toString(StandardCharsets.UTF_8));
  }

  @Test
  void historyIsKeptInTheFile() throws IOException {
    type("SELECT 1;\rexit\r");
    assertEquals(List.of("SELECT 1"), ran);
    assertTrue(Files.readString(home.resolve(".ballista_history")).contains("SELECT 1;"));
  }

  @Test
  void quitCommands() {
    assertTrue(SqlShell.isQuit("\\q"));
    assertTrue(SqlShell.isQuit("  QUIT; "));
    assertTrue(SqlShell.isQuit("exit"));
    assertFalse(SqlShell.isQuit("exit_code;"));
    assertFalse(SqlShell.isQuit("SELECT 1; quit"));
  }
}
