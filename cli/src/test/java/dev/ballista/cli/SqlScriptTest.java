package dev.ballista.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ballista.cli.SqlScript.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;

class SqlScriptTest {
  @Test
  void splitsAtSemicolonsAndKeepsTheLineEachStatementStartsOn() {
    String script = """
        SELECT 1;
        SELECT a,
               b
          FROM t;

        SELECT 3;""";
    assertEquals(List.of(
            new Statement("SELECT 1", 1),
            new Statement("SELECT a,\n       b\n  FROM t", 2),
            new Statement("SELECT 3", 6)),
        SqlScript.split(script));
  }

  @Test
  void aTrailingStatementWithoutSemicolonCounts() {
    assertEquals(List.of(new Statement("SELECT 1", 1), new Statement("SELECT 2", 2)),
        SqlScript.split("SELECT 1;\nSELECT 2\n\n"));
  }

  @Test
  void semicolonsInsideQuotesDoNotSplit() {
    String script = "SELECT 'a;b', 'it''s;', \"odd;\"\"name\" FROM t; SELECT 2";
    assertEquals(List.of(
            new Statement("SELECT 'a;b', 'it''s;', \"odd;\"\"name\" FROM t", 1),
            new Statement("SELECT 2", 1)),
        SqlScript.split(script));
  }

  @Test
  void semicolonsInsideCommentsDoNotSplitAndLeadingCommentsAreDropped() {
    String script = """
        -- load; then count
        /* a block;
           over lines */
        SELECT count(*) -- rows; all of them
          FROM t;
        -- the end;
        """;
    assertEquals(List.of(new Statement("SELECT count(*) -- rows; all of them\n  FROM t", 4)),
        SqlScript.split(script));
  }

  @Test
  void emptyStatementsAndCommentOnlyScriptsYieldNothing() {
    assertEquals(List.of(), SqlScript.split(" ;;\n; -- nothing\n"));
    assertEquals(List.of(), SqlScript.split(""));
  }

  @Test
  void aQuoteOrDashesInsideAStringAreText() {
    assertEquals(List.of(new Statement("SELECT '--x', '/*y' FROM t", 1)),
        SqlScript.split("SELECT '--x', '/*y' FROM t;"));
  }

  @Test
  void completeOnlyAfterASemicolonOutsideQuotesAndComments() {
    assertTrue(SqlScript.isComplete(""));
    assertTrue(SqlScript.isComplete("SELECT 1;"));
    assertTrue(SqlScript.isComplete("SELECT 1; -- done"));
    assertTrue(SqlScript.isComplete("-- just a comment"));
    assertFalse(SqlScript.isComplete("SELECT 1"));
    assertFalse(SqlScript.isComplete("SELECT 1; SELECT 2"));
    assertFalse(SqlScript.isComplete("SELECT 'a;"));
    assertFalse(SqlScript.isComplete("SELECT 1 -- ;"));
    assertFalse(SqlScript.isComplete("SELECT 1; /* open;"));
  }

  @Test
  void firstLineOfAStatement() {
    assertEquals("SELECT a,", new Statement("SELECT a,  \n  b FROM t", 1).firstLine());
    assertEquals("SELECT 1", new Statement("SELECT 1", 1).firstLine());
  }
}
