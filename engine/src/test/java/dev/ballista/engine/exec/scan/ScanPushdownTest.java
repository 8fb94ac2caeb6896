package dev.ballista.engine.exec.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ballista.engine.catalog.Catalog;
import dev.ballista.engine.catalog.TableDef;
import dev.ballista.engine.exec.ExecutionPlan;
import dev.ballista.engine.exec.RowsPlan;
import dev.ballista.engine.expr.ComparisonExpr.Op;
import dev.ballista.engine.plan.PhysicalPlanner;
import dev.ballista.engine.plan.SqlPlanner;
import dev.ballista.engine.slt.SltTables;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Predicates handed to the Parquet reader narrow what a scan returns to the row groups that can match, on BIGINT,
 * INT and DATE columns; the planner hands down a filter's column-versus-constant conjuncts on such columns, either
 * way round, and nothing else.
 */
class ScanPushdownTest {
  @TempDir
  static Path dir;
  static Catalog catalog;
  static BufferAllocator allocator;

  @BeforeAll
  static void tables() throws Exception {
    catalog = new Catalog();
    allocator = new RootAllocator();
    SltTables.register(catalog, allocator, dir);
  }

  @AfterAll
  static void close() {
    allocator.close(); // as LocalSltTest: Arrow's dataset writer releases its last buffers late
  }

  @Test
  void theReaderSkipsRowGroupsWhoseStatisticsRuleThePredicatesOut() {
    // seq is 4 files of 250 rows, one row group each (n = 1..250, 251..500, ...). A row group that can match is
    // read whole: the filter above the scan picks its rows.
    assertEquals(range(251, 500), firstColumn(scan("seq", List.of(new ScanPredicate(0, Op.EQ, 500)))));
    assertEquals(range(751, 1000), firstColumn(scan("seq",
        List.of(new ScanPredicate(0, Op.GE, 990), new ScanPredicate(0, Op.LT, 995)))));
    assertEquals(range(1, 250), firstColumn(scan("seq", List.of(new ScanPredicate(0, Op.LE, 2)))));
    assertEquals(List.of(), scan("seq", List.of(new ScanPredicate(0, Op.GT, 1000))));
    // emp.dept_id is an INT column with a null: its files hold ids 1-4 (dept 10, 10, 20, 20) and 5-7 (30, null, 20).
    assertEquals(List.of(1L, 2L, 3L, 4L), firstColumn(scan("emp", List.of(new ScanPredicate(2, Op.EQ, 10)))));
    assertEquals(List.of(5L, 6L, 7L), firstColumn(scan("emp", List.of(new ScanPredicate(2, Op.GT, 20)))));
    assertEquals(List.of(), scan("emp", List.of(new ScanPredicate(2, Op.EQ, 99))));
  }

  private static List<Object> range(long from, long to) {
    List<Object> out = new ArrayList<>();
    for (long n = from; n <= to; n++) {
      out.add(n);
    }
    return out;
  }

  @Test
  void aTableWithATypeTheFilterCannotDescribeIsReadWhole() {
    // mixed has a TIMESTAMP column: no Substrait filter is sent and the scan returns every row (the filter above
    // the scan, which always runs, still decides).
    assertEquals(6, scan("mixed", List.of(new ScanPredicate(0, Op.EQ, 1))).size());
  }

  @Test
  void thePlannerPushesColumnVersusConstantConjuncts() {
    assertEquals(List.of(new ScanPredicate(0, Op.EQ, 500)), pushed("select g from seq where n = 500"));
    assertEquals(List.of(new ScanPredicate(0, Op.GT, 7), new ScanPredicate(1, Op.LE, 3)),
        pushed("select n from seq where 7 < n and g <= 3 and n + g > 4"));
    assertEquals(List.of(), pushed("select n from seq where n = 1 or g = 2"));
    assertEquals(List.of(), pushed("select n from seq where n <> 1"));
    assertEquals(List.of(), pushed("select id from mixed where price > 5"));
    List<ScanPredicate> dates = pushed("select id from mixed where dt >= date '2024-01-01'");
    assertEquals(1, dates.size());
    assertEquals(new ScanPredicate(6, Op.GE, java.time.LocalDate.parse("2024-01-01").toEpochDay()), dates.get(0));
  }

  private static List<List<Object>> scan(String table, List<ScanPredicate> predicates) {
    TableDef def = catalog.table(Catalog.DEFAULT_SCHEMA, table).orElseThrow();
    int[] all = new int[def.schema().size()];
    for (int i = 0; i < all.length; i++) {
      all[i] = i;
    }
    FileScanExec scan = new FileScanExec(table, FileFormatKind.PARQUET, List.of(def.files()), def.schema(), all,
        CsvOptions.DEFAULT, predicates);
    List<List<Object>> rows = new ArrayList<>(RowsPlan.collect(scan, 1024));
    rows.sort(java.util.Comparator.comparing(r -> (Long) r.get(0)));
    return rows;
  }

  private static List<Object> firstColumn(List<List<Object>> rows) {
    return rows.stream().map(r -> r.get(0)).toList();
  }

  private static List<ScanPredicate> pushed(String sql) {
    ExecutionPlan plan = new PhysicalPlanner(1).plan(new SqlPlanner(catalog).plan(sql, Catalog.DEFAULT_SCHEMA));
    List<ScanPredicate> found = new ArrayList<>();
    collect(plan, found);
    return found;
  }

  private static void collect(ExecutionPlan plan, List<ScanPredicate> found) {
    if (plan instanceof FileScanExec scan) {
      found.addAll(scan.predicates());
    }
    for (ExecutionPlan child : plan.children()) {
      collect(child, found);
    }
  }
}
