package dev.ballista.engine.exec.window;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ballista.engine.exec.Batch;
import dev.ballista.engine.exec.BatchStream;
import dev.ballista.engine.exec.ExecutionPlan;
import dev.ballista.engine.exec.Partitioning;
import dev.ballista.engine.exec.TaskContext;
import dev.ballista.engine.exec.sort.SortKey;
import dev.ballista.engine.types.Column;
import dev.ballista.engine.types.DataType;
import dev.ballista.engine.types.RowSchema;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.junit.jupiter.api.Test;

/**
 * WindowExec over input cut into batches at arbitrary places: window partitions spanning many batches, many
 * partitions in one batch, single-row partitions. Every function and frame kind is checked row by row against a
 * direct (quadratic) evaluation of its SQL definition.
 */
class WindowExecTest {
  private static final RowSchema INPUT = RowSchema.of(Column.of("k", DataType.BIGINT), Column.of("o", DataType.BIGINT),
      Column.of("x", DataType.BIGINT));
  private static final WindowFrame.Bound UNBOUNDED_PRECEDING = WindowFrame.Bound.of(WindowFrame.BoundKind.UNBOUNDED_PRECEDING);
  private static final WindowFrame.Bound UNBOUNDED_FOLLOWING = WindowFrame.Bound.of(WindowFrame.BoundKind.UNBOUNDED_FOLLOWING);
  private static final WindowFrame.Bound CURRENT_ROW = WindowFrame.Bound.of(WindowFrame.BoundKind.CURRENT_ROW);

  private static WindowFrame.Bound preceding(long n) {
    return new WindowFrame.Bound(WindowFrame.BoundKind.PRECEDING, n);
  }

  private static WindowFrame.Bound following(long n) {
    return new WindowFrame.Bound(WindowFrame.BoundKind.FOLLOWING, n);
  }

  private static final List<WindowCall> CALLS = List.of(
      call(WindowFunction.ROW_NUMBER, -1, 0, null, DataType.BIGINT),
      call(WindowFunction.RANK, -1, 0, null, DataType.BIGINT),
      call(WindowFunction.DENSE_RANK, -1, 0, null, DataType.BIGINT),
      call(WindowFunction.PERCENT_RANK, -1, 0, null, DataType.DOUBLE),
      call(WindowFunction.CUME_DIST, -1, 0, null, DataType.DOUBLE),
      call(WindowFunction.NTILE, -1, 3, null, DataType.BIGINT),
      call(WindowFunction.LAG, 2, 2, null, DataType.BIGINT),
      call(WindowFunction.LEAD, 2, 1, null, DataType.BIGINT),
      call(WindowFunction.FIRST_VALUE, 2, 0, WindowFrame.RUNNING, DataType.BIGINT),
      call(WindowFunction.LAST_VALUE, 2, 0, new WindowFrame(true, preceding(2), following(1)), DataType.BIGINT),
      call(WindowFunction.NTH_VALUE, 2, 2, WindowFrame.WHOLE_PARTITION, DataType.BIGINT),
      call(WindowFunction.COUNT, 2, 0, new WindowFrame(true, preceding(3), CURRENT_ROW), DataType.BIGINT),
      call(WindowFunction.COUNT_STAR, -1, 0, WindowFrame.RUNNING, DataType.BIGINT),
      call(WindowFunction.SUM, 2, 0, WindowFrame.RUNNING, DataType.BIGINT),
      call(WindowFunction.SUM, 2, 0, new WindowFrame(true, preceding(2), following(2)), DataType.BIGINT),
      call(WindowFunction.SUM0, 2, 0, new WindowFrame(true, following(1), following(3)), DataType.BIGINT),
      call(WindowFunction.AVG, 2, 0, new WindowFrame(true, preceding(1), following(1)), DataType.DOUBLE),
      call(WindowFunction.MIN, 2, 0, new WindowFrame(true, preceding(3), preceding(1)), DataType.BIGINT),
      call(WindowFunction.MAX, 2, 0, new WindowFrame(false, CURRENT_ROW, UNBOUNDED_FOLLOWING), DataType.BIGINT),
      call(WindowFunction.MIN, 2, 0, new WindowFrame(true, UNBOUNDED_PRECEDING, UNBOUNDED_FOLLOWING), DataType.BIGINT),
      call(WindowFunction.MAX, 2, 0, new WindowFrame(true, CURRENT_ROW, following(4)), DataType.BIGINT));

  private static WindowCall call(WindowFunction f, int argument, long constant, WindowFrame frame, DataType type) {
    return new WindowCall(f, argument, constant, null, frame == null ? WindowFrame.RUNNING : frame, type,
        f.name().toLowerCase());
  }

  /** Rows sorted by (k, o): partitions of 1 to 400 rows, ties on o, NULLs in x. */
  private static long[][] rows(Random random, int count) {
    long[][] rows = new long[count][];
    int i = 0;
    long k = 0;
    while (i < count) {
      int size = random.nextInt(10) == 0 ? 1 + random.nextInt(400) : 1 + random.nextInt(6);
      long o = 0;
      for (int j = 0; j < size && i < count; j++, i++) {
        o += random.nextInt(3) == 0 ? 0 : 1 + random.nextInt(2);
        Long x = random.nextInt(6) == 0 ? null : (long) random.nextInt(200) - 100;
        rows[i] = new long[] {k, o, x == null ? 0 : x, x == null ? 1 : 0};
      }
      k++;
    }
    return rows;
  }

  @Test
  void partitionsAcrossAndWithinBatchesMatchTheDefinitions() {
    Random random = new Random(42);
    for (int round = 0; round < 20; round++) {
      long[][] rows = rows(random, 1 + random.nextInt(2500));
      int maxBatch = round % 3 == 0 ? 3 : 1 + random.nextInt(500);
      int outputBatchSize = 1 + random.nextInt(300);
      check(rows, maxBatch, outputBatchSize, random);
    }
  }

  @Test
  void withoutPartitionKeysEverythingIsOnePartition() {
    long[][] rows = new long[50][];
    for (int i = 0; i < rows.length; i++) {
      rows[i] = new long[] {i % 7, i / 3, i, 0};
    }
    try (BufferAllocator allocator = new RootAllocator()) {
      TaskContext context = new TaskContext(allocator, 8, null);
      WindowExec window = new WindowExec(new BatchesExec(rows, 7, allocator), new int[0],
          List.of(new SortKey(1, false, false)), List.of(call(WindowFunction.RANK, -1, 0, null, DataType.BIGINT),
              call(WindowFunction.SUM, 2, 0, WindowFrame.RUNNING, DataType.BIGINT)));
      List<long[]> out = collect(window, context);
      assertEquals(50, out.size());
      for (int i = 0; i < 50; i++) {
        long peerEnd = Math.min(50, (i / 3) * 3 + 3);
        assertEquals((i / 3) * 3 + 1, out.get(i)[3], "rank of row " + i);
        assertEquals(peerEnd * (peerEnd - 1) / 2, out.get(i)[4], "running sum of row " + i);
      }
    }
  }

  @Test
  void emptyInputGivesNoRows() {
    try (BufferAllocator allocator = new RootAllocator()) {
      TaskContext context = new TaskContext(allocator, 8, null);
      WindowExec window = new WindowExec(new BatchesExec(new long[0][], 4, allocator), new int[] {0},
          List.of(new SortKey(1, false, false)), CALLS);
      assertTrue(collect(window, context).isEmpty());
    }
  }

  private static void check(long[][] rows, int maxBatch, int outputBatchSize, Random random) {
    try (BufferAllocator allocator = new RootAllocator()) {
      TaskContext context = new TaskContext(allocator, outputBatchSize, null);
      BatchesExec input = new BatchesExec(rows, maxBatch, allocator, random);
      WindowExec window = new WindowExec(input, new int[] {0}, List.of(new SortKey(1, false, false)), CALLS);
      List<long[]> out = collect(window, context);
      assertEquals(rows.length, out.size());
      for (int i = 0; i < rows.length; i++) {
        long[] expected = Reference.row(rows, i, CALLS);
        long[] actual = out.get(i);
        for (int c = 0; c < CALLS.size(); c++) {
          final int row = i;
          final int column = c;
          assertEquals(expected[c], actual[3 + c], () -> CALLS.get(column) + " of row " + row + " (partition "
              + rows[row][0] + ", batches of at most " + maxBatch + ")");
        }
      }
    }
  }

  /** Output rows as longs: NULL as Long.MIN_VALUE, doubles as their bits. */
  private static List<long[]> collect(WindowExec window, TaskContext context) {
    List<long[]> out = new ArrayList<>();
    try (BatchStream stream = window.execute(0, context)) {
      Batch next;
      while ((next = stream.next()) != null) {
        try (Batch b = next) {
          assertTrue(b.rowCount() <= context.batchSize());
          for (int r = 0; r < b.rowCount(); r++) {
            long[] row = new long[b.columnCount()];
            for (int c = 0; c < row.length; c++) {
              FieldVector v = b.column(c);
              row[c] = v.isNull(r) ? Long.MIN_VALUE : v instanceof Float8Vector d
                  ? Double.doubleToLongBits(d.get(r)) : ((BigIntVector) v).get(r);
            }
            out.add(row);
          }
        }
      }
    }
    return out;
  }

  /** The SQL definitions, evaluated directly per row. */
  private static final class Reference {
    static long[] row(long[][] rows, int i, List<WindowCall> calls) {
      int ps = i;
      while (ps > 0 && rows[ps - 1][0] == rows[i][0]) {
        ps--;
      }
      int pe = i + 1;
      while (pe < rows.length && rows[pe][0] == rows[i][0]) {
        pe++;
      }
      int qs = i;
      while (qs > ps && rows[qs - 1][1] == rows[i][1]) {
        qs--;
      }
      int qe = i + 1;
      while (qe < pe && rows[qe][1] == rows[i][1]) {
        qe++;
      }
      long[] out = new long[calls.size()];
      for (int c = 0; c < calls.size(); c++) {
        out[c] = value(rows, i, ps, pe, qs, qe, calls.get(c));
      }
      return out;
    }

    private static long value(long[][] rows, int i, int ps, int pe, int qs, int qe, WindowCall call) {
      int size = pe - ps;
      switch (call.function()) {
        case ROW_NUMBER:
          return i - ps + 1;
        case RANK:
          return qs - ps + 1;
        case DENSE_RANK: {
          long rank = 1;
          for (int j = ps + 1; j <= qs; j++) {
            if (rows[j][1] != rows[j - 1][1]) {
              rank++;
            }
          }
          return rank;
        }
        case PERCENT_RANK:
          return Double.doubleToLongBits(size == 1 ? 0 : (double) (qs - ps) / (size - 1));
        case CUME_DIST:
          return Double.doubleToLongBits((double) (qe - ps) / size);
        case NTILE: {
          // Bucket b holds size / n rows, plus one for the first size % n buckets.
          long n = call.constant();
          int row = ps;
          for (int b = 1; b <= n; b++) {
            long count = size / n + (b <= size % n ? 1 : 0);
            if (i < row + count) {
              return b;
            }
            row += count;
          }
          throw new AssertionError();
        }
        case LAG:
        case LEAD: {
          long j = call.function() == WindowFunction.LAG ? i - call.constant() : i + call.constant();
          return j >= ps && j < pe ? x(rows, (int) j) : Long.MIN_VALUE;
        }
        default:
          break;
      }
      int[] frame = frame(call.frame(), i, ps, pe, qs, qe);
      int s = frame[0];
      int e = frame[1];
      switch (call.function()) {
        case FIRST_VALUE:
          return s < e ? x(rows, s) : Long.MIN_VALUE;
        case LAST_VALUE:
          return s < e ? x(rows, e - 1) : Long.MIN_VALUE;
        case NTH_VALUE:
          return s + call.constant() - 1 < e ? x(rows, (int) (s + call.constant() - 1)) : Long.MIN_VALUE;
        case COUNT_STAR:
          return e - s;
        default:
          break;
      }
      long count = 0;
      long sum = 0;
      long min = Long.MAX_VALUE;
      long max = Long.MIN_VALUE;
      for (int j = s; j < e; j++) {
        if (rows[j][3] == 0) {
          count++;
          sum += rows[j][2];
          min = Math.min(min, rows[j][2]);
          max = Math.max(max, rows[j][2]);
        }
      }
      return switch (call.function()) {
        case COUNT -> count;
        case SUM -> count == 0 ? Long.MIN_VALUE : sum;
        case SUM0 -> sum;
        case AVG -> count == 0 ? Long.MIN_VALUE : Double.doubleToLongBits((double) sum / count);
        case MIN -> count == 0 ? Long.MIN_VALUE : min;
        case MAX -> count == 0 ? Long.MIN_VALUE : max;
        default -> throw new AssertionError(call.function());
      };
    }

    private static int[] frame(WindowFrame frame, int i, int ps, int pe, int qs, int qe) {
      long s;
      long e;
      if (frame.rows()) {
        s = switch (frame.start().kind()) {
          case UNBOUNDED_PRECEDING -> ps;
          case PRECEDING -> i - frame.start().offset();
          case CURRENT_ROW -> i;
          case FOLLOWING -> i + frame.start().offset();
          case UNBOUNDED_FOLLOWING -> pe;
        };
        e = 1 + switch (frame.end().kind()) {
          case UNBOUNDED_PRECEDING -> ps - 1;
          case PRECEDING -> i - frame.end().offset();
          case CURRENT_ROW -> i;
          case FOLLOWING -> i + frame.end().offset();
          case UNBOUNDED_FOLLOWING -> pe - 1;
        };
      } else {
        s = frame.start().kind() == WindowFrame.BoundKind.UNBOUNDED_PRECEDING ? ps : qs;
        e = frame.end().kind() == WindowFrame.BoundKind.UNBOUNDED_FOLLOWING ? pe : qe;
      }
      s = Math.max(ps, s);
      e = Math.min(pe, e);
      return new int[] {(int) s, (int) Math.max(s, e)};
    }

    private static long x(long[][] rows, int j) {
      return rows[j][3] == 1 ? Long.MIN_VALUE : rows[j][2];
    }
  }

  /** A leaf operator returning fixed rows in batches of random sizes up to a limit. */
  private static final class BatchesExec implements ExecutionPlan {
    private final long[][] rows;
    private final int maxBatch;
    private final BufferAllocator allocator;
    private final Random random;

    BatchesExec(long[][] rows, int maxBatch, BufferAllocator allocator) {
      this(rows, maxBatch, allocator, null);
    }

    BatchesExec(long[][] rows, int maxBatch, BufferAllocator allocator, Random random) {
      this.rows = rows;
      this.maxBatch = maxBatch;
      this.allocator = allocator;
      this.random = random;
    }

    @Override
    public RowSchema schema() {
      return INPUT;
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
    public BatchStream execute(int partition, TaskContext context) {
      List<Batch> batches = new ArrayList<>();
      int at = 0;
      while (at < rows.length) {
        int n = Math.min(rows.length - at, random == null ? maxBatch : 1 + random.nextInt(maxBatch));
        FieldVector[] columns = new FieldVector[3];
        for (int c = 0; c < 3; c++) {
          BigIntVector v = new BigIntVector(INPUT.column(c).name(), allocator);
          v.allocateNew(n);
          for (int r = 0; r < n; r++) {
            if (c == 2 && rows[at + r][3] == 1) {
              v.setNull(r);
            } else {
              v.set(r, rows[at + r][c]);
            }
          }
          v.setValueCount(n);
          columns[c] = v;
        }
        batches.add(new Batch(columns, n));
        at += n;
      }
      Iterator<Batch> it = batches.iterator();
      return new BatchStream() {
        @Override
        public Batch next() {
          return it.hasNext() ? it.next() : null;
        }

        @Override
        public void close() {
          it.forEachRemaining(Batch::close);
        }
      };
    }

    @Override
    public ExecutionPlan withChildren(List<ExecutionPlan> children) {
      return this;
    }

    @Override
    public String describe() {
      return "BatchesExec";
    }
  }
}
