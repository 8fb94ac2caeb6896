package dev.ballista.bench;

import static dev.ballista.bench.BenchData.longs;
import static dev.ballista.bench.BenchData.uniform;

import dev.ballista.engine.exec.join.HashJoinExec;
import dev.ballista.engine.exec.join.JoinType;
import dev.ballista.engine.types.DataType;
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
 * HashJoinExec, inner, on one BIGINT key: 100K build rows (o_orderkey, o_totalprice) with unique keys, 4M probe
 * rows (l_orderkey, l_extendedprice) whose keys each match exactly one build row, like lineitem joining orders.
 * Every invocation builds the table again (100K rows, a small part of the time) and probes it; output is 4M rows
 * of four columns. Scores are probe rows per second.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
public class JoinBenchmark {
  static final int BUILD_ROWS = 100_000;
  static final int PROBE_ROWS = 4_000_000;
  static final DataType PRICE = DataType.decimal(15, 2);

  int buildRows = BUILD_ROWS;
  int probeRows = PROBE_ROWS;

  private BufferAllocator allocator;
  private MemoryExec orders;
  private MemoryExec lineitem;
  private HashJoinExec join;
  private HashJoinExec buildSideSemi;

  @Setup(Level.Trial)
  public void setup() {
    allocator = new RootAllocator();
    // Keys 1, 5, 9, ...: sparse like TPC-H's order keys, so the hash table cannot index by key.
    orders = BenchData.table(allocator, buildRows,
        longs("o_orderkey", DataType.BIGINT, row -> 1 + 4 * row),
        longs("o_totalprice", PRICE, row -> 90_000 + uniform(row, 1, 50_000_000)));
    lineitem = BenchData.table(allocator, probeRows,
        longs("l_orderkey", DataType.BIGINT, row -> 1 + 4 * uniform(row, 2, buildRows)),
        longs("l_extendedprice", PRICE, row -> 90_000 + uniform(row, 3, 10_400_000)));
    join = new HashJoinExec(lineitem, orders, new int[] {0}, new int[] {0}, JoinType.INNER, null, true);
    buildSideSemi = new HashJoinExec(lineitem, orders, new int[] {0}, new int[] {0}, JoinType.RIGHT_SEMI, null,
        false);
  }

  /** Returns the number of joined rows (= probe rows). */
  @Benchmark
  @OperationsPerInvocation(PROBE_ROWS)
  public long probeBigintKey() {
    return BenchData.run(join, allocator);
  }

  /**
   * EXISTS with the outer side built (RIGHT_SEMI, TPC-H Q4's lines against a quarter's orders): the probe rows only
   * mark the build rows they match. Returns the build rows matched.
   */
  @Benchmark
  @OperationsPerInvocation(PROBE_ROWS)
  public long buildSideSemiBigintKey() {
    return BenchData.run(buildSideSemi, allocator);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    lineitem.close();
    orders.close();
    allocator.close();
  }
}
