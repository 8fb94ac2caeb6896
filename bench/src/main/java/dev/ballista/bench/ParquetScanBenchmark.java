package dev.ballista.bench;

import static dev.ballista.bench.BenchData.longs;
import static dev.ballista.bench.BenchData.strings;
import static dev.ballista.bench.BenchData.uniform;

import dev.ballista.engine.catalog.Catalog;
import dev.ballista.engine.catalog.TableDef;
import dev.ballista.engine.catalog.TableLoader;
import dev.ballista.engine.exec.op.FilterExec;
import dev.ballista.engine.exec.scan.FileFormatKind;
import dev.ballista.engine.exec.scan.FileScanExec;
import dev.ballista.engine.exec.scan.ScanInPredicate;
import dev.ballista.engine.expr.ColumnExpr;
import dev.ballista.engine.expr.InListExpr;
import dev.ballista.engine.types.DataType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
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
 * FileScanExec reading 2 of the 5 columns (l_orderkey BIGINT, l_extendedprice DECIMAL(15,2)) of one generated
 * Parquet file of 4M rows (plus l_shipdate DATE, l_comment VARCHAR, l_shipmode VARCHAR), written to a temporary directory at setup
 * the way the TPC-H generator writes, decimals as Parquet decimals, and registered through TableLoader as a
 * catalog table would be. Scores are rows per second on one thread: our Java Parquet reader decodes on the
 * calling thread ({@code -Dballista.parquetReader=dataset} measures Arrow Dataset, which decodes in native threads).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
public class ParquetScanBenchmark {
  static final int ROWS = 4_000_000;
  /** TPC-H's ship modes: a text column the way DuckDB and Arrow write it, dictionary-encoded. */
  static final String[] MODES = {"REG AIR", "AIR", "RAIL", "SHIP", "TRUCK", "MAIL", "FOB"};
  private static final String[] WORDS = {"quickly", "final", "deposits", "furiously", "regular", "packages",
      "sleep", "blithely", "ironic", "accounts", "carefully", "pending", "requests", "boost", "even", "theodolites"};

  int rows = ROWS;

  private BufferAllocator allocator;
  private Path dir;
  private FileScanExec scan;
  private FileScanExec scanAll;
  private FileScanExec scanDate;
  private FilterExec shipModeAboveScan;
  private FilterExec shipModeInScan;

  @Setup(Level.Trial)
  public void setup() throws IOException {
    allocator = new RootAllocator();
    dir = Files.createTempDirectory("ballista-bench-parquet");
    Path file = BenchData.writeParquet(allocator, dir, rows,
        longs("l_orderkey", DataType.BIGINT, row -> 1 + row / 4),
        longs("l_extendedprice", DataType.decimal(15, 2), row -> 90_000 + uniform(row, 1, 10_400_000)),
        longs("l_shipdate", DataType.DATE,
            row -> BenchData.FIRST_SHIP_DAY + uniform(row, 2, BenchData.LAST_SHIP_DAY - BenchData.FIRST_SHIP_DAY + 1)),
        strings("l_comment", ParquetScanBenchmark::comment),
        strings("l_shipmode", row -> MODES[(int) uniform(row, 4, MODES.length)]));
    TableDef table = TableLoader.load(Catalog.DEFAULT_SCHEMA, "lineitem", FileFormatKind.PARQUET, file, Map.of());
    scan = new FileScanExec(table.name(), table.format(), List.of(table.files()), table.schema(), new int[] {0, 1});
    scanAll = new FileScanExec(table.name(), table.format(), List.of(table.files()), table.schema(),
        new int[] {0, 1, 2, 3});
    scanDate = new FileScanExec(table.name(), table.format(), List.of(table.files()), table.schema(), new int[] {2});
    // TPC-H Q19's l_shipmode IN ('AIR', 'AIR REG'), over a scan of l_orderkey, l_extendedprice and l_shipmode.
    FileScanExec withMode = new FileScanExec(table.name(), table.format(), List.of(table.files()), table.schema(),
        new int[] {0, 1, 4});
    InListExpr airModes = new InListExpr(new ColumnExpr(2, DataType.VARCHAR), List.of("AIR", "AIR REG"), false);
    shipModeAboveScan = new FilterExec(withMode, airModes);
    shipModeInScan = new FilterExec(withMode.withPredicates(List.of(),
        List.of(new ScanInPredicate(4, List.of("AIR", "AIR REG")))), airModes);
  }

  /** Three to six words, 10 to 60 characters, like TPC-H comments. */
  private static String comment(long row) {
    StringBuilder sb = new StringBuilder();
    int words = 3 + (int) uniform(row, 3, 4);
    for (int w = 0; w < words; w++) {
      if (w > 0) {
        sb.append(' ');
      }
      sb.append(WORDS[(int) uniform(row, 10 + w, WORDS.length)]);
    }
    return sb.toString();
  }

  @Benchmark
  @OperationsPerInvocation(ROWS)
  public long scanTwoOfFourColumns() {
    return BenchData.run(scan, allocator);
  }

  /** All four columns: also the date (dictionary-encoded) and the comment text. */
  @Benchmark
  @OperationsPerInvocation(ROWS)
  public long scanFourColumns() {
    return BenchData.run(scanAll, allocator);
  }

  /** The date alone: dictionary indices (12 bits) unpacked and looked up, the path of most TPC-H filter columns. */
  @Benchmark
  @OperationsPerInvocation(ROWS)
  public long scanDictionaryDate() {
    return BenchData.run(scanDate, allocator);
  }

  /** The ship-mode filter over a scan that copies every row's text into its vector first. */
  @Benchmark
  @OperationsPerInvocation(ROWS)
  public long filterShipModeAboveScan() {
    return BenchData.run(shipModeAboveScan, allocator);
  }

  /**
   * The same with the predicate pushed into the scan (as the planner does): decided per dictionary entry, and only
   * the rows that pass are copied.
   */
  @Benchmark
  @OperationsPerInvocation(ROWS)
  public long filterShipModeInScan() {
    return BenchData.run(shipModeInScan, allocator);
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    allocator.close();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
