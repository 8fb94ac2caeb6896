package dev.ballista.bench;

import static dev.ballista.bench.BenchData.longs;
import static dev.ballista.bench.BenchData.uniform;

import dev.ballista.engine.exec.op.ProjectExec;
import dev.ballista.engine.expr.ArithmeticExpr;
import dev.ballista.engine.expr.CastExpr;
import dev.ballista.engine.expr.ColumnExpr;
import dev.ballista.engine.expr.LiteralExpr;
import dev.ballista.engine.expr.PhysicalExpr;
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
 * ProjectExec computing TPC-H's {@code l_extendedprice * (1 - l_discount)} over 4M rows of DECIMAL(15,2) scaled
 * longs, typed as the planner types it (checked by PlannerParityTest). Scores are rows per second.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
public class ProjectionBenchmark {
  static final int ROWS = 4_000_000;
  static final DataType PRICE = DataType.decimal(15, 2);

  int rows = ROWS;

  private BufferAllocator allocator;
  private MemoryExec lineitem;
  private ProjectExec discountedPrice;

  @Setup(Level.Trial)
  public void setup() {
    allocator = new RootAllocator();
    lineitem = BenchData.table(allocator, rows,
        longs("l_extendedprice", PRICE, row -> 90_000 + uniform(row, 1, 10_400_000)),
        longs("l_discount", PRICE, row -> uniform(row, 2, 11)));
    discountedPrice = new ProjectExec(lineitem, List.of(discountedPrice()), List.of("disc_price"));
  }

  /**
   * {@code l_extendedprice * (1 - l_discount)} exactly as the planner builds it: 1 - DECIMAL(15,2) is
   * DECIMAL(16,2) with both sides brought to DECIMAL(18,2) first, and the product is DECIMAL(18,4) on longs
   * (BallistaTypeSystem keeps it off 128 bits).
   */
  static PhysicalExpr discountedPrice() {
    DataType wide = DataType.decimal(18, 2);
    PhysicalExpr oneMinusDiscount = new ArithmeticExpr(ArithmeticExpr.Op.SUBTRACT, new LiteralExpr(wide, 100L),
        new CastExpr(new ColumnExpr(1, PRICE), wide), DataType.decimal(16, 2));
    return new ArithmeticExpr(ArithmeticExpr.Op.MULTIPLY, new ColumnExpr(0, PRICE), oneMinusDiscount,
        DataType.decimal(18, 4));
  }

  @Benchmark
  @OperationsPerInvocation(ROWS)
  public long decimalDiscountedPrice() {
    return BenchData.run(discountedPrice, allocator);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    lineitem.close();
    allocator.close();
  }
}
