package dev.ballista.engine.exec.sort;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ballista.engine.exec.Batch;
import dev.ballista.engine.exec.BatchStream;
import dev.ballista.engine.exec.ExecutionPlan;
import dev.ballista.engine.exec.Partitioning;
import dev.ballista.engine.exec.TaskContext;
import dev.ballista.engine.expr.ValueReader;
import dev.ballista.engine.expr.ValueWriter;
import dev.ballista.engine.expr.Vectors;
import dev.ballista.engine.types.Column;
import dev.ballista.engine.types.DataType;
import dev.ballista.engine.types.RowSchema;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
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
    try (BufferAllocator allocator = new RootAllocator()) {
      TaskContext context = new TaskContext(allocator, 512, null);
      SortExec sort = new SortExec(new Source(rows, batchRows), keys, fetch);
      List<List<Object>> out = new ArrayList<>();
      try (BatchStream stream = sort.execute(0, context)) {
        Batch next;
        while ((next = stream.next()) != null) {
          try (Batch b = next) {
            for (int r = 0; r < b.rowCount(); r++) {
              List<Object> row = new ArrayList<>();
              for (int c = 0; c < SCHEMA.size(); c++) {
                row.add(ValueReader.of(b.column(c), SCHEMA.type(c)).get(r));
              }
              out.add(row);
            }
          }
        }
      }
      return out;
    }
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

  /** The rows in batches of {@code batchRows}, one partition. */
  private record Source(List<List<Object>> rows, int batchRows) implements ExecutionPlan {
    @Override
    public RowSchema schema() {
      return SCHEMA;
    }

    @Override
    public List<ExecutionPlan> children() {
      return List.of();
    }

    @Override
    public Partitioning outputPartitioning() {
      return new Partitioning.Single();
    }

    @Override
    public ExecutionPlan withChildren(List<ExecutionPlan> children) {
      return this;
    }

    @Override
    public String describe() {
      return "Source";
    }

    @Override
    public BatchStream execute(int partition, TaskContext context) {
      return new BatchStream() {
        private int next;

        @Override
        public Batch next() {
          if (next >= rows.size()) {
            return null;
          }
          int count = Math.min(batchRows, rows.size() - next);
          FieldVector[] columns = new FieldVector[SCHEMA.size()];
          for (int c = 0; c < columns.length; c++) {
            columns[c] = Vectors.allocate(SCHEMA.type(c), count, context.allocator());
            ValueWriter writer = ValueWriter.of(columns[c], SCHEMA.type(c));
            for (int r = 0; r < count; r++) {
              writer.set(r, rows.get(next + r).get(c));
            }
            columns[c].setValueCount(count);
          }
          next += count;
          return new Batch(columns, count);
        }

        @Override
        public void close() {}
      };
    }
  }
}
