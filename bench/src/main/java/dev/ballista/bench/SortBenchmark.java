package dev.ballista.bench;

import static dev.ballista.bench.BenchData.longs;
import static dev.ballista.bench.BenchData.strings;
import static dev.ballista.bench.BenchData.uniform;

import dev.ballista.engine.exec.sort.SortExec;
import dev.ballista.engine.exec.sort.SortKey;
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
 * SortExec over 1M in-memory rows (k BIGINT uniform, g BIGINT with 1000 distinct values, c_name VARCHAR like
 * "Customer#000012345", l_extendedprice DECIMAL(15,2)): ORDER BY k; ORDER BY g, c_name (most comparisons reach
 * the string); and ORDER BY k DESC LIMIT 100 (top-N). Every column is gathered into the output. Scores are input
 * rows per second.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
public class SortBenchmark {
  static final int ROWS = 1_000_000;
  static final int TOP_N = 100;

  int rows = ROWS;

  private BufferAllocator allocator;
  private MemoryExec input;
  private SortExec byBigint;
  private SortExec byBigintThenString;
  private SortExec topN;

  @Setup(Level.Trial)
  public void setup() {
    allocator = new RootAllocator();
    input = BenchData.table(allocator, rows,
        longs("k", DataType.BIGINT, row -> uniform(row, 1, 1_000_000_000L)),
        longs("g", DataType.BIGINT, row -> uniform(row, 2, 1_000)),
        strings("c_name", row -> String.format("Customer#%09d", uniform(row, 3, 150_000))),
        longs("l_extendedprice", DataType.decimal(15, 2), row -> 90_000 + uniform(row, 4, 10_400_000)));
    byBigint = new SortExec(input, List.of(new SortKey(0, false, false)), -1);
    byBigintThenString = new SortExec(input, List.of(new SortKey(1, false, false), new SortKey(2, false, false)), -1);
    topN = new SortExec(input, List.of(new SortKey(0, true, false)), TOP_N);
  }

  @Benchmark
  @OperationsPerInvocation(ROWS)
  public long sortBigint() {
    return BenchData.run(byBigint, allocator);
  }

  @Benchmark
  @OperationsPerInvocation(ROWS)
  public long sortBigintThenString() {
    return BenchData.run(byBigintThenString, allocator);
  }

  /** Returns 100. */
  @Benchmark
  @OperationsPerInvocation(ROWS)
  public long topN100() {
    return BenchData.run(topN, allocator);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    input.close();
    allocator.close();
  }
}
