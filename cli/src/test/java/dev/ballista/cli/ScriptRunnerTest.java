package dev.ballista.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScriptRunnerTest {
  /** Records statements and fails those that mention "bad", as a server would reject them. */
  private static final class RecordingRunner implements StatementRunner {
    final List<String> ran = new ArrayList<>();

    @Override
    public void run(String sql) throws SQLException {
      ran.add(sql);
      if (sql.contains("bad")) {
        throw new SQLException("Column 'bad' not found", "42000");
      }
    }

    @Override
    public void cancel() {}
  }

  private final RecordingRunner runner = new RecordingRunner();
  private final StringWriter err = new StringWriter();

  private boolean run(String script, boolean showLocation) throws IOException {
    return new ScriptRunner(runner, new PrintWriter(err, true), showLocation)
        .run(new BufferedReader(new StringReader(script)));
  }

  @Test
  void runsEveryStatementInOrder() throws IOException {
    assertTrue(run("SELECT 1; SELECT 2;\nSELECT 'x;\ny'\n;\nSELECT 4", true));
    assertEquals(List.of("SELECT 1", "SELECT 2", "SELECT 'x;\ny'", "SELECT 4"), runner.ran);
    assertEquals("", err.toString());
  }

  @Test
  void stopsAtTheFirstFailureAndSaysWhichStatementAndLine() throws IOException {
    String script = """
        -- two good, one bad
        SELECT 1;
        SELECT 2;

        SELECT bad,
               worse
          FROM t;
        SELECT 4;
        """;
    assertFalse(run(script, true));
    assertEquals(List.of("SELECT 1", "SELECT 2", "SELECT bad,\n       worse\n  FROM t"), runner.ran);
    assertEquals("""
        error: Column 'bad' not found
          in statement 3 at line 5: SELECT bad,
        """, err.toString());
  }

  @Test
  void withoutLocationTheErrorIsOneLine() throws IOException {
    assertFalse(run("SELECT bad; SELECT 2", false));
    assertEquals(List.of("SELECT bad"), runner.ran);
    assertEquals("error: Column 'bad' not found\n", err.toString());
  }

  @Test
  void aStatementRunsOnceItsSemicolonIsRead() throws IOException {
    // The reader fails after the first line: the statement on it must have run by then.
    BufferedReader input = new BufferedReader(new StringReader("SELECT 1;\n")) {
      private int lines;

      @Override
      public String readLine() throws IOException {
        if (lines++ == 1) {
          throw new IOException("stdin closed");
        }
        return super.readLine();
      }
    };
    ScriptRunner scriptRunner = new ScriptRunner(runner, new PrintWriter(err, true), true);
    try {
      scriptRunner.run(input);
    } catch (IOException expected) {
      assertEquals(List.of("SELECT 1"), runner.ran);
      return;
    }
    throw new AssertionError("the reader's failure should have surfaced");
  }
}
