package dev.ballista.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SqlPlaceholdersTest {
  @Test
  void countsMarkersOutsideQuotesAndComments() {
    assertEquals(0, SqlPlaceholders.count("SELECT 1"));
    assertEquals(2, SqlPlaceholders.count("SELECT * FROM t WHERE a = ? AND b = ?"));
    assertEquals(1, SqlPlaceholders.count("SELECT '?', \"a?\" FROM t WHERE x = ? -- ?\n"));
    assertEquals(1, SqlPlaceholders.count("SELECT /* ? */ 'it''s ?' = ?"));
  }

  @Test
  void queriesAreKnownByTheirFirstWord() {
    assertTrue(SqlPlaceholders.isQuery("SELECT 1"));
    assertTrue(SqlPlaceholders.isQuery("  -- top\n /* note */ (select 1) union (select 2)"));
    assertTrue(SqlPlaceholders.isQuery("with t as (select 1) select * from t"));
    assertTrue(SqlPlaceholders.isQuery("Explain plan for select 1"));
    assertTrue(SqlPlaceholders.isQuery("show tables"));
    assertTrue(SqlPlaceholders.isQuery("values (1)"));
    assertFalse(SqlPlaceholders.isQuery("create external table t stored as parquet location '/x'"));
    assertFalse(SqlPlaceholders.isQuery("insert into t select 1"));
    assertFalse(SqlPlaceholders.isQuery("selected"));
    assertFalse(SqlPlaceholders.isQuery(""));
  }
}
