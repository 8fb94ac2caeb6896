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
 * Predicates handed to the Parquet reader narrow what a scan returns: row groups that cannot match are not read, and
 * rows that fail are dropped when at most half of a batch passes. The planner hands down a filter's
 * column-versus-constant conjuncts on BIGINT, INT and DATE columns, either way round, and its text {@code =} and
 * {@code IN} conjuncts, and nothing else.
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
  void theReaderSkipsRowGroupsAndRowsThatThePredicatesRuleOut() {
    // seq is 4 files of 250 rows, one row group each (n = 1..250, 251..500, ...).
    assertEquals(List.of(500L), firstColumn(scan("seq", List.of(new ScanPredicate(0, Op.EQ, 500)))));
    assertEquals(range(990, 994), firstColumn(scan("seq",
        List.of(new ScanPredicate(0, Op.GE, 990), new ScanPredicate(0, Op.LT, 995)))));
    assertEquals(range(1, 2), firstColumn(scan("seq", List.of(new ScanPredicate(0, Op.LE, 2)))));
    assertEquals(List.of(), scan("seq", List.of(new ScanPredicate(0, Op.GT, 1000))));
    // Where more than half of a batch passes it is read whole (here rows 1 and 2): the filter above drops the rest.
    assertEquals(range(1, 1000), firstColumn(scan("seq", List.of(new ScanPredicate(0, Op.GT, 2)), 250)));
    // emp.dept_id is an INT column with a null: its files hold ids 1-4 (dept 10, 10, 20, 20) and 5-7 (30, null, 20).
    assertEquals(List.of(1L, 2L), firstColumn(scan("emp", List.of(new ScanPredicate(2, Op.EQ, 10)))));
    assertEquals(List.of(5L), firstColumn(scan("emp", List.of(new ScanPredicate(2, Op.GT, 20)))));
    assertEquals(List.of(), scan("emp", List.of(new ScanPredicate(2, Op.EQ, 99))));
    // IN lists: seq's files hold n = 1..250, 251..500, ...; the two middle ones are ruled out by their statistics.
    assertEquals(List.of(5L, 990L), firstColumn(scan("seq", List.of(),
        List.of(new ScanInPredicate(0, List.of(5L, 990L, 2000L))), 1024)));
    // emp.salary: 5000, 4000, 4500, 4500 | 3000, 2500, null.
    assertEquals(List.of(3L, 4L), firstColumn(scan("emp", List.of(new ScanPredicate(3, Op.EQ, 450_000)))));
    assertEquals(List.of(6L), firstColumn(scan("emp", List.of(new ScanPredicate(3, Op.LT, 300_000)))));
    // Text: emp.name (files of 4 and 3 rows); a null name is in no list.
    assertEquals(List.of(2L, 7L), firstColumn(scan("emp", List.of(),
        List.of(new ScanInPredicate(1, List.of("Bob", "Gus", "bob"))), 1024)));
    // Files the Java reader does not read (mixed has a TIMESTAMP column) go to Arrow Dataset, which reads them whole.
    assertEquals(6, scan("mixed", List.of(), List.of(new ScanInPredicate(4, List.of(""))), 1024).size());
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
    // Decimals (emp.salary is DECIMAL(10,2)) in the column's scale; a constant of a larger scale is not pushed.
    assertEquals(List.of(new ScanPredicate(3, Op.GE, 450_000)), pushed("select id from emp where salary >= 4500"));
    assertEquals(List.of(new ScanPredicate(3, Op.LT, 450_050)), pushed("select id from emp where salary < 4500.5"));
    assertEquals(List.of(), pushed("select id from emp where salary > 4500.125"));
    // A range (Calcite's SEARCH) arrives as its two bounds.
    assertEquals(List.of(new ScanPredicate(0, Op.GE, 5), new ScanPredicate(0, Op.LE, 9)),
        pushed("select g from seq where n between 5 and 9"));
    assertEquals(List.of(new ScanPredicate(3, Op.GT, 500)), pushed("select id from mixed where price > 5"));
    List<ScanPredicate> dates = pushed("select id from mixed where dt >= date '2024-01-01'");
    assertEquals(1, dates.size());
    assertEquals(new ScanPredicate(6, Op.GE, java.time.LocalDate.parse("2024-01-01").toEpochDay()), dates.get(0));
  }

  @Test
  void thePlannerPushesTextEqualitiesAndInLists() {
    assertEquals(List.of(new ScanInPredicate(1, List.of("Bob"))),
        pushedIn("select id from emp where name = 'Bob' and dept_id > 1"));
    assertEquals(List.of(new ScanInPredicate(1, List.of("Bob"))), pushedIn("select id from emp where 'Bob' = name"));
    List<ScanInPredicate> in = pushedIn("select id from emp where name in ('Ann', 'Gus') and id < 7");
    assertEquals(1, in.size());
    assertEquals(java.util.Set.of("Ann", "Gus"), java.util.Set.copyOf(in.get(0).values()));
    assertEquals(List.of(), pushedIn("select id from emp where name not in ('Ann', 'Gus')"));
    // Integer, date and decimal lists, in the column's lane.
    assertEquals(List.of(new ScanInPredicate(0, List.of(5L, 990L))), pushedIn("select g from seq where n in (5, 990)"));
    assertEquals(java.util.Set.of(450_000L, 300_050L),
        java.util.Set.copyOf(pushedIn("select id from emp where salary in (4500, 3000.5)").get(0).values()));
    assertEquals(List.of(), pushedIn("select id from emp where dept_id not in (10, 30)"));
    assertEquals(List.of(), pushedIn("select id from emp where name = 'Ann' or id = 3"));
    assertEquals(List.of(), pushedIn("select id from emp where name like 'A%'"));
    assertEquals(List.of(), pushedIn("select id from emp where name <> 'Ann'"));
  }

  @Test
  void aQueryWithPushedInPredicatesAnswersAsWithout() {
    assertEquals(List.of(List.of(2L, "Bob"), List.of(7L, "Gus")),
        rows("select id, name from emp where name in ('Bob', 'Gus', 'Zed') order by id"));
    assertEquals(List.of(List.of(1L, "apple"), List.of(6L, "apple")),
        rows("select id, name from mixed where name = 'apple' order by id"));
    assertEquals(List.of(), rows("select id, name from mixed where name = 'apple ' order by id"));
    assertEquals(List.of(List.of(5L, "")), rows("select id, name from mixed where name in ('', 'x') order by id"));
    assertEquals(List.of(List.of(1L), List.of(2L), List.of(5L)),
        rows("select id from emp where dept_id in (10, 30) order by id"));
  }

  private static List<List<Object>> rows(String sql) {
    return RowsPlan.collect(plan(sql), 1024);
  }

  private static ExecutionPlan plan(String sql) {
    return new PhysicalPlanner(1).plan(new SqlPlanner(catalog).plan(sql, Catalog.DEFAULT_SCHEMA));
  }

  private static List<List<Object>> scan(String table, List<ScanPredicate> predicates) {
    return scan(table, predicates, List.of(), 1024);
  }

  private static List<List<Object>> scan(String table, List<ScanPredicate> predicates, int batchSize) {
    return scan(table, predicates, List.of(), batchSize);
  }

  private static List<List<Object>> scan(String table, List<ScanPredicate> predicates,
      List<ScanInPredicate> inPredicates, int batchSize) {
    TableDef def = catalog.table(Catalog.DEFAULT_SCHEMA, table).orElseThrow();
    int[] all = new int[def.schema().size()];
    for (int i = 0; i < all.length; i++) {
      all[i] = i;
    }
    FileScanExec scan = new FileScanExec(table, FileFormatKind.PARQUET, List.of(def.files()), def.schema(), all,
        CsvOptions.DEFAULT, predicates, inPredicates);
    List<List<Object>> rows = new ArrayList<>(RowsPlan.collect(scan, batchSize));
    rows.sort(java.util.Comparator.comparing(r -> ((Number) r.get(0)).longValue()));
    return rows;
  }

  private static List<Object> firstColumn(List<List<Object>> rows) {
    return rows.stream().map(r -> r.get(0)).toList();
  }

  private static List<ScanPredicate> pushed(String sql) {
    return pushed(sql, FileScanExec::predicates);
  }

  private static List<ScanInPredicate> pushedIn(String sql) {
    return pushed(sql, FileScanExec::inPredicates);
  }

  /** What the planner handed the query's scans, read from each by {@code of}. */
  private static <T> List<T> pushed(String sql, java.util.function.Function<FileScanExec, List<T>> of) {
    List<T> found = new ArrayList<>();
    collect(plan(sql), of, found);
    return found;
  }

  private static <T> void collect(ExecutionPlan plan, java.util.function.Function<FileScanExec, List<T>> of,
      List<T> found) {
    if (plan instanceof FileScanExec scan) {
      found.addAll(of.apply(scan));
    }
    for (ExecutionPlan child : plan.children()) {
      collect(child, of, found);
    }
  }
}
