package dev.ballista.bench;

import static dev.ballista.bench.BenchData.longs;
import static dev.ballista.bench.BenchData.strings;
import static dev.ballista.bench.BenchData.uniform;

import dev.ballista.engine.exec.agg.AggregateCall;
import dev.ballista.engine.exec.agg.AggregateFunction;
import dev.ballista.engine.exec.agg.HashAggregateExec;
import dev.ballista.engine.expr.ColumnExpr;
import dev.ballista.engine.types.DataType;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * HashAggregateExec over 4M in-memory rows, as the single-partition aggregation the planner builds: few groups
 * keyed by two one-letter strings (TPC-H Q1's l_returnflag, l_linestatus: 6 groups) and many groups keyed by a
 * BIGINT with ~1M distinct values (982K). Both sum DECIMAL(15,2) columns into DECIMAL(38,2) and count rows.
 * Scores are input rows per second; the many-groups score includes emitting the ~1M result rows.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
public class AggregationBenchmark {
  static final int ROWS = 4_000_000;
  static final long MANY_GROUPS_KEYS = 1_000_000;
  static final DataType PRICE = DataType.decimal(15, 2);
  static final DataType SUM = DataType.decimal(38, 2);
  private static final String[] RETURN_FLAGS = {"A", "N", "R"};
  private static final String[] LINE_STATUSES = {"F", "O"};

  int rows = ROWS;

  private BufferAllocator allocator;
  private MemoryExec q1Lineitem;
  private MemoryExec keyedLineitem;
  private HashAggregateExec fewGroups;
  private HashAggregateExec manyGroups;
  private MemoryExec orderedLineitem;
  private HashAggregateExec orderedGroups;

  @Setup(Level.Trial)
  public void setup() {
    allocator = new RootAllocator();
    q1Lineitem = BenchData.table(allocator, rows,
        strings("l_returnflag", row -> RETURN_FLAGS[(int) uniform(row, 1, RETURN_FLAGS.length)]),
        strings("l_linestatus", row -> LINE_STATUSES[(int) uniform(row, 2, LINE_STATUSES.length)]),
        longs("l_quantity", PRICE, row -> 100 * (1 + uniform(row, 3, 50))),
        longs("l_extendedprice", PRICE, row -> 90_000 + uniform(row, 4, 10_400_000)));
    fewGroups = new HashAggregateExec(q1Lineitem,
        List.of(new ColumnExpr(0, DataType.VARCHAR), new ColumnExpr(1, DataType.VARCHAR)),
        List.of("l_returnflag", "l_linestatus"),
        List.of(new AggregateCall(AggregateFunction.SUM, new ColumnExpr(2, PRICE), SUM, "sum_qty"),
            new AggregateCall(AggregateFunction.SUM, new ColumnExpr(3, PRICE), SUM, "sum_base_price"),
            new AggregateCall(AggregateFunction.COUNT_STAR, null, DataType.BIGINT, "count_order")));

    keyedLineitem = BenchData.table(allocator, rows,
        longs("k", DataType.BIGINT, row -> uniform(row, 5, MANY_GROUPS_KEYS)),
        longs("l_extendedprice", PRICE, row -> 90_000 + uniform(row, 6, 10_400_000)));
    manyGroups = new HashAggregateExec(keyedLineitem, List.of(new ColumnExpr(0, DataType.BIGINT)), List.of("k"),
        List.of(new AggregateCall(AggregateFunction.SUM, new ColumnExpr(1, PRICE), SUM, "sum_price"),
            new AggregateCall(AggregateFunction.COUNT_STAR, null, DataType.BIGINT, "count")));

    // TPC-H Q18's inner aggregate: lineitem is stored by l_orderkey, about four lines per order.
    orderedLineitem = BenchData.table(allocator, rows,
        longs("l_orderkey", DataType.BIGINT, row -> row / 4),
        longs("l_quantity", PRICE, row -> 100 * (1 + uniform(row, 7, 50))));
    orderedGroups = new HashAggregateExec(orderedLineitem, List.of(new ColumnExpr(0, DataType.BIGINT)),
        List.of("l_orderkey"),
        List.of(new AggregateCall(AggregateFunction.SUM, new ColumnExpr(1, PRICE), SUM, "sum_quantity")));
  }

  /** Returns the number of groups. */
  @Benchmark
  @OperationsPerInvocation(ROWS)
  public long fewGroupsTwoStrings() {
    return BenchData.run(fewGroups, allocator);
  }

  @Benchmark
  @OperationsPerInvocation(ROWS)
  public long manyGroupsBigint() {
    return BenchData.run(manyGroups, allocator);
  }

  /** Keys in runs of four, in order: rows of one group arrive together. */
  @Benchmark
  @OperationsPerInvocation(ROWS)
  public long orderedGroupsBigint() {
    return BenchData.run(orderedGroups, allocator);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    q1Lineitem.close();
    keyedLineitem.close();
    orderedLineitem.close();
    allocator.close();
  }
}
