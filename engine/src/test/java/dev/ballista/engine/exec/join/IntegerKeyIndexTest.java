package dev.ballista.engine.exec.join;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Every key finds exactly its rows in input order; skipped (NULL) rows and absent keys find nothing. */
class IntegerKeyIndexTest {
  @Test
  void findsEveryRowOfEveryKeyInInputOrder() {
    for (int n : new int[] {0, 1, 2, 3, 17, 1000, 50_000}) {
      Random random = new Random(n);
      long[] keys = new long[n];
      boolean[] skip = new boolean[n];
      Map<Long, List<Integer>> expected = new HashMap<>();
      for (int r = 0; r < n; r++) {
        // Sequential, duplicated, negative and extreme keys: the cases that cluster in a badly hashed table.
        keys[r] = switch (r % 4) {
          case 0 -> r;
          case 1 -> random.nextInt(Math.max(1, n / 10));
          case 2 -> -r * 1024L;
          default -> r % 8 == 3 ? Long.MIN_VALUE : Long.MAX_VALUE - r;
        };
        skip[r] = random.nextInt(20) == 0;
        if (!skip[r]) {
          expected.computeIfAbsent(keys[r], k -> new ArrayList<>()).add(r);
        }
      }
      IntegerKeyIndex index = new IntegerKeyIndex(keys, skip, n);
      for (Map.Entry<Long, List<Integer>> e : expected.entrySet()) {
        assertEquals(e.getValue(), rows(index, e.getKey()), "n=" + n + " key " + e.getKey());
      }
      for (int r = 0; r < n; r++) {
        if (!expected.containsKey(keys[r])) {
          assertEquals(List.of(), rows(index, keys[r]), "skipped key " + keys[r]);
        }
      }
      for (long absent : new long[] {n + 1L, -1L, 3L * n + 7, Long.MIN_VALUE + 1}) {
        if (!expected.containsKey(absent)) {
          assertEquals(List.of(), rows(index, absent), "absent key " + absent);
        }
      }
    }
  }

  @Test
  void withoutSkipsEveryRowIsIndexed() {
    long[] keys = {5, 5, 5, 1, 5};
    IntegerKeyIndex index = new IntegerKeyIndex(keys, null, keys.length);
    assertEquals(List.of(0, 1, 2, 4), rows(index, 5));
    assertEquals(List.of(3), rows(index, 1));
  }

  private static List<Integer> rows(IntegerKeyIndex index, long key) {
    List<Integer> rows = new ArrayList<>();
    for (int r = index.first(key); r >= 0; r = index.next(r)) {
      rows.add(r);
    }
    return rows;
  }
}
