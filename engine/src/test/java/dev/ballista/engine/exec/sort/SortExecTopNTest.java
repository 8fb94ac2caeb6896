package dev.ballista.engine.exec.sort;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ballista.engine.exec.RowsPlan;
import dev.ballista.engine.types.Column;
import dev.ballista.engine.types.DataType;
import dev.ballista.engine.types.RowSchema;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * SortExec with a fetch keeps only running top rows; its output must be the first {@code fetch} rows of a full
 * sort, for fetches below, at and above a batch, across many batches, with NULLs and ties, and leak nothing.
 */
class SortExecTopNTest {
  private static final RowSchema SCHEMA = RowSchema.of(Column.of("k", DataType.BIGINT),
      Column.of("s", DataType.VARCHAR), Column.of("d", DataType.DOUBLE), Column.of("id", DataType.BIGINT));

  @Test
  void topRowsEqualTheFirstRowsOfAFullSort() {
    List<List<Object>> rows = randomRows(20_000, 7);
    // k ascending NULLS FIRST, s descending NULLS LAST, d ascending; id is only carried along.
    List<SortKey> keys = List.of(new SortKey(0, false, true), new SortKey(1, true, false), new SortKey(2, false, false));
    Comparator<List<Object>> order = Comparator
        .comparing((List<Object> r) -> (Long) r.get(0), Comparator.nullsFirst(Comparator.<Long>naturalOrder()))
        .thenComparing(r -> (String) r.get(1), Comparator.nullsLast(Comparator.<String>reverseOrder()))
        .thenComparing(r -> (Double) r.get(2), Comparator.nullsLast(Comparator.<Double>naturalOrder()));
    List<List<Object>> expected = new ArrayList<>(rows);
    expected.sort(order);
    for (int fetch : new int[] {0, 1, 10, 999, 4096, 5000, 19_999, 20_000, 30_000}) {
      List<List<Object>> actual = run(rows, keys, fetch, 1000);
      List<List<Object>> want = expected.subList(0, Math.min(fetch, expected.size()));
      assertEquals(want.size(), actual.size(), "fetch " + fetch);
      for (int i = 0; i < want.size(); i++) {
        // Ties on every key may come in any order: compare the keys, and the whole row where the keys are unique.
        assertEquals(0, order.compare(want.get(i), actual.get(i)), "fetch " + fetch + " row " + i);
      }
    }
  }

  @Test
  void topRowsWithUniqueKeysAreExactlyTheSortedRows() {
    List<List<Object>> rows = randomRows(10_000, 11);
    List<SortKey> keys = List.of(new SortKey(3, true, false));
    List<List<Object>> expected = new ArrayList<>(rows);
    expected.sort(Comparator.comparing((List<Object> r) -> (Long) r.get(3)).reversed());
    assertEquals(expected.subList(0, 37), run(rows, keys, 37, 333));
  }

  private static List<List<Object>> run(List<List<Object>> rows, List<SortKey> keys, int fetch, int batchRows) {
    return RowsPlan.collect(new SortExec(new RowsPlan(SCHEMA, rows, batchRows), keys, fetch), 512);
  }

  private static List<List<Object>> randomRows(int n, long seed) {
    Random random = new Random(seed);
    List<List<Object>> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      List<Object> row = new ArrayList<>();
      row.add(random.nextInt(50) == 0 ? null : (long) random.nextInt(300));
      row.add(random.nextInt(40) == 0 ? null : "s" + random.nextInt(20));
      row.add(random.nextInt(30) == 0 ? null : (double) random.nextInt(1000) / 8);
      row.add((long) i * 7919 % n);
      rows.add(row);
    }
    return rows;
  }
}
