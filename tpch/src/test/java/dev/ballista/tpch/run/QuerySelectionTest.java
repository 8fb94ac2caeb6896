package dev.ballista.tpch.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class QuerySelectionTest {
  @Test
  void allAndListsAndRanges() {
    assertEquals(22, QuerySelection.parse("all").size());
    assertEquals(22, QuerySelection.parse("ALL").size());
    assertEquals(List.of(1, 3, 5, 6, 7), QuerySelection.parse("1,3,5-7"));
    assertEquals(List.of(9, 2), QuerySelection.parse(" q9 , Q2 "));
    assertEquals(List.of(1, 2, 3), QuerySelection.parse("1-3,2"), "each query once, first position kept");
  }

  @Test
  void mistakesAreExplained() {
    assertTrue(assertThrows(IllegalArgumentException.class, () -> QuerySelection.parse("0")).getMessage()
        .contains("1 to 22"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> QuerySelection.parse("23")).getMessage()
        .contains("got 23"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> QuerySelection.parse("7-5")).getMessage()
        .contains("7-5"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> QuerySelection.parse("x")).getMessage()
        .contains("like 1,3,5-7"));
  }
}
