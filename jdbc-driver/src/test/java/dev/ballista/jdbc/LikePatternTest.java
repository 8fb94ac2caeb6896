package dev.ballista.jdbc;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LikePatternTest {
  @Test
  void matchesJdbcPatterns() {
    assertTrue(LikePattern.of(null).matches("anything"));
    assertTrue(LikePattern.of("l\\_%").matches("l_quantity"));
    assertFalse(LikePattern.of("l\\_%").matches("lxquantity"));
    assertTrue(LikePattern.of("l_quantit_").matches("l_quantity"));
    assertFalse(LikePattern.of("quantity").matches("l_quantity"));
    assertTrue(LikePattern.of("a.b%").matches("a.bc"));
    assertFalse(LikePattern.of("a.b%").matches("axbc"));
  }
}
