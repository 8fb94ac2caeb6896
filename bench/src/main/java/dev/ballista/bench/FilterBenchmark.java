package dev.ballista.bench;

import static dev.ballista.bench.BenchData.longs;
import static dev.ballista.bench.BenchData.strings;
import static dev.ballista.bench.BenchData.uniform;

import dev.ballista.engine.exec.op.FilterExec;
import dev.ballista.engine.expr.ColumnExpr;
import dev.ballista.engine.expr.ComparisonExpr;
import dev.ballista.engine.expr.InListExpr;
import dev.ballista.engine.expr.LiteralExpr;
import dev.ballista.engine.expr.LogicalExpr;
import dev.ballista.engine.expr.PhysicalExpr;
import dev.ballista.engine.types.DataType;
import java.time.LocalDate;
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
 * FilterExec over 4M in-memory rows (k BIGINT, l_shipdate DATE, l_extendedprice DECIMAL(15,2)); the selected rows
 * of all three columns are gathered, as the operator does. {@code textAndNumberConjuncts} and {@code q6Conjuncts}
 * filter a second table of 4M rows (l_quantity DECIMAL(15,2), l_shipmode VARCHAR, l_shipinstruct VARCHAR,
 * l_extendedprice, l_shipdate DATE, l_discount DECIMAL(15,2)) with TPC-H's value distributions. Scores are input
 * rows per second.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
public class FilterBenchmark {
  static final int ROWS = 4_000_000;

  /** k is uniform in [0, 10^9): {@code k < 5 * 10^8} keeps a random half, the worst case for branches. */
  static final long K_BOUND = 1_000_000_000L;

  /** TPC-H's seven l_shipmode and four l_shipinstruct values, each equally likely. */
  static final String[] SHIP_MODES = {"REG AIR", "AIR", "RAIL", "SHIP", "TRUCK", "MAIL", "FOB"};
  static final String[] SHIP_INSTRUCTS = {"DELIVER IN PERSON", "COLLECT COD", "NONE", "TAKE BACK RETURN"};

  /** Rows generated; the smoke test lowers it. */
  int rows = ROWS;

  private BufferAllocator allocator;
  private MemoryExec lineitem;
  private FilterExec bigintHalf;
  private FilterExec dateRange;
  private MemoryExec shipments;
  private FilterExec shipModeInstructQuantity;
  private FilterExec q6Filter;

  @Setup(Level.Trial)
  public void setup() {
    allocator = new RootAllocator();
    lineitem = BenchData.table(allocator, rows,
        longs("k", DataType.BIGINT, row -> uniform(row, 1, K_BOUND)),
        longs("l_shipdate", DataType.DATE,
            row -> BenchData.FIRST_SHIP_DAY + uniform(row, 2, BenchData.LAST_SHIP_DAY - BenchData.FIRST_SHIP_DAY + 1)),
        longs("l_extendedprice", DataType.decimal(15, 2), row -> 90_000 + uniform(row, 3, 10_400_000)));
    bigintHalf = new FilterExec(lineitem, bigintLessThanHalf());
    dateRange = new FilterExec(lineitem, shipdateIn1994());
    shipments = BenchData.table(allocator, rows,
        longs("l_quantity", DataType.decimal(15, 2), row -> 100 * (1 + uniform(row, 4, 50))),
        strings("l_shipmode", row -> SHIP_MODES[(int) uniform(row, 5, SHIP_MODES.length)]),
        strings("l_shipinstruct", row -> SHIP_INSTRUCTS[(int) uniform(row, 6, SHIP_INSTRUCTS.length)]),
        longs("l_extendedprice", DataType.decimal(15, 2), row -> 90_000 + uniform(row, 3, 10_400_000)),
        longs("l_shipdate", DataType.DATE,
            row -> BenchData.FIRST_SHIP_DAY + uniform(row, 2, BenchData.LAST_SHIP_DAY - BenchData.FIRST_SHIP_DAY + 1)),
        longs("l_discount", DataType.decimal(15, 2), row -> uniform(row, 7, 11)));
    shipModeInstructQuantity = new FilterExec(shipments, shipModeInstructQuantity());
    q6Filter = new FilterExec(shipments, q6Predicate());
  }

  /** {@code k < 500000000}. */
  static PhysicalExpr bigintLessThanHalf() {
    return new ComparisonExpr(ComparisonExpr.Op.LT, new ColumnExpr(0, DataType.BIGINT),
        new LiteralExpr(DataType.BIGINT, K_BOUND / 2));
  }

  /** {@code l_shipdate >= DATE '1994-01-01' AND l_shipdate < DATE '1995-01-01'} (TPC-H Q6's range, ~1/7 of rows). */
  static PhysicalExpr shipdateIn1994() {
    return shipdateIn1994(new ColumnExpr(1, DataType.DATE));
  }

  private static PhysicalExpr shipdateIn1994(ColumnExpr shipdate) {
    return new LogicalExpr(true, List.of(
        new ComparisonExpr(ComparisonExpr.Op.GE, shipdate,
            new LiteralExpr(DataType.DATE, LocalDate.of(1994, 1, 1).toEpochDay())),
        new ComparisonExpr(ComparisonExpr.Op.LT, shipdate,
            new LiteralExpr(DataType.DATE, LocalDate.of(1995, 1, 1).toEpochDay()))));
  }

  /**
   * {@code l_shipmode IN ('AIR', 'REG AIR') AND l_shipinstruct = 'DELIVER IN PERSON' AND l_quantity <= 11}, part of
   * TPC-H Q19's filter, text first as Q19 writes it: 2/7 * 1/4 * 11/50 of the rows (~1.6%) survive.
   */
  static PhysicalExpr shipModeInstructQuantity() {
    return new LogicalExpr(true, List.of(
        new InListExpr(new ColumnExpr(1, DataType.VARCHAR), List.of("AIR", "REG AIR"), false),
        new ComparisonExpr(ComparisonExpr.Op.EQ, new ColumnExpr(2, DataType.VARCHAR),
            new LiteralExpr(DataType.VARCHAR, "DELIVER IN PERSON")),
        new ComparisonExpr(ComparisonExpr.Op.LE, new ColumnExpr(0, DataType.decimal(15, 2)),
            new LiteralExpr(DataType.decimal(15, 2), 1100L))));
  }

  /**
   * TPC-H Q6's filter: {@code l_shipdate >= DATE '1994-01-01' AND l_shipdate < DATE '1995-01-01' AND l_discount >=
   * 0.05 AND l_discount <= 0.07 AND l_quantity < 24}, five fixed-width conjuncts keeping ~1/7 * 3/11 * 23/50 (~1.8%).
   */
  static PhysicalExpr q6Predicate() {
    DataType price = DataType.decimal(15, 2);
    ColumnExpr shipdate = new ColumnExpr(4, DataType.DATE);
    ColumnExpr discount = new ColumnExpr(5, price);
    // The planner nests each column's range in its own AND; the filter flattens them.
    return new LogicalExpr(true, List.of(
        shipdateIn1994(shipdate),
        new LogicalExpr(true, List.of(
            new ComparisonExpr(ComparisonExpr.Op.GE, discount, new LiteralExpr(price, 5L)),
            new ComparisonExpr(ComparisonExpr.Op.LE, discount, new LiteralExpr(price, 7L)))),
        new ComparisonExpr(ComparisonExpr.Op.LT, new ColumnExpr(0, price), new LiteralExpr(price, 2400L))));
  }

  @Benchmark
  @OperationsPerInvocation(ROWS)
  public long bigintCompareHalf() {
    return BenchData.run(bigintHalf, allocator);
  }

  @Benchmark
  @OperationsPerInvocation(ROWS)
  public long dateRange() {
    return BenchData.run(dateRange, allocator);
  }

  @Benchmark
  @OperationsPerInvocation(ROWS)
  public long textAndNumberConjuncts() {
    return BenchData.run(shipModeInstructQuantity, allocator);
  }

  @Benchmark
  @OperationsPerInvocation(ROWS)
  public long q6Conjuncts() {
    return BenchData.run(q6Filter, allocator);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    lineitem.close();
    shipments.close();
    allocator.close();
  }
}
