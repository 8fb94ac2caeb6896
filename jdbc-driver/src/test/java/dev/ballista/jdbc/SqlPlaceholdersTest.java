package dev.ballista.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SqlPlaceholdersTest {
  @Test
  void countsMarkersOutsideQuotesAndComments() {
    assertEquals(0, SqlPlaceholders.count("SELECT 1"));
    assertEquals(2, SqlPlaceholders.count("SELECT * FROM t WHERE a = ? AND b = ?"));
    assertEquals(1, SqlPlaceholders.count("SELECT '?', \"a?\" FROM t WHERE x = ? -- ?\n"));
    assertEquals(1, SqlPlaceholders.count("SELECT /* ? */ 'it''s ?' = ?"));
  }
}
