package dev.ballista.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ballista.engine.catalog.Catalog;
import dev.ballista.engine.catalog.TableDef;
import dev.ballista.engine.dist.DistributedPlanner;
import dev.ballista.engine.dist.LocalQueryRunner;
import dev.ballista.engine.dist.QueryStage;
import dev.ballista.engine.exec.ExecutionPlan;
import dev.ballista.engine.exec.agg.HashAggregateExec;
import dev.ballista.engine.exec.join.HashJoinExec;
import dev.ballista.engine.exec.op.ProjectExec;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SQL end to end in one process: planning, stages with real shuffle files, operators, results. */
class LocalQueryRunnerTest {
  static final int FILES = 3;
  static final int ROWS = 5000;
  static BufferAllocator allocator;
  static LocalQueryRunner runner;
  @TempDir
  static Path dir;

  @BeforeAll
  static void setUp() throws Exception {
    allocator = new RootAllocator();
    TestTables.writeSales(allocator, dir, FILES, ROWS);
    Catalog catalog = TestTables.catalogWithSales(dir);
    // The same files under a row count too large to broadcast: joins of it are hash-partitioned on their keys.
    TableDef sales = catalog.table(Catalog.DEFAULT_SCHEMA, "sales").orElseThrow();
    catalog.register(new TableDef(sales.schemaName(), "big_sales", sales.format(), sales.location(), sales.files(),
        sales.schema(), 100_000_000L, sales.options()), false);
    runner = new LocalQueryRunner(catalog, 2, dir.resolve("work"), allocator);
  }

  @AfterAll
  static void tearDown() {
    runner.close();
    allocator.close(); // fails the test on leaked buffers
  }

  @Test
  void countStar() {
    assertEquals(List.of(List.of((long) FILES * ROWS)), runner.sql("select count(*) from sales").rows());
  }

  @Test
  void filteredSumIsExact() {
    long n = FILES * ROWS;
    BigDecimal expected = BigDecimal.ZERO;
    for (long i = 0; i < n; i++) {
      if (i >= 100) {
        expected = expected.add(BigDecimal.valueOf(i * 125, 2));
      }
    }
    List<List<Object>> rows = runner.sql("select sum(amount), count(id) from sales where id >= 100").rows();
    assertEquals(expected, rows.get(0).get(0));
    assertEquals(n - 100, rows.get(0).get(1));
  }

  @Test
  void wideDecimalAndTextComparisonsAgainstConstantsAndColumns() {
    // SUM of DECIMAL(15,2) is DECIMAL(38,2): compared as 128-bit integers, with a constant and with another sum.
    Map<Object, BigDecimal> sums = new HashMap<>();
    for (long i = 0; i < FILES * ROWS; i++) {
      Object key = i % 7 == 0 ? null : "r" + (i % 3);
      sums.merge(key, BigDecimal.valueOf(i * 125, 2), BigDecimal::add);
    }
    BigDecimal threshold = sums.get("r1").add(new BigDecimal("0.01"));
    long above = sums.values().stream().filter(v -> v.compareTo(threshold) >= 0).count();
    assertEquals(List.of(List.of(above)), runner.sql("select count(*) from (select region, sum(amount) s from sales "
        + "group by region having sum(amount) >= " + threshold.toPlainString() + ")").rows());
    long belowOwnDouble = sums.size();
    assertEquals(List.of(List.of(belowOwnDouble)), runner.sql("select count(*) from (select sum(amount) s, "
        + "sum(amount) + sum(amount) d from sales group by region) where s < d").rows());
    long r1 = 0;
    long afterR1 = 0;
    for (long i = 0; i < FILES * ROWS; i++) {
      if (i % 7 != 0) {
        r1 += (i % 3 == 1) ? 1 : 0;
        afterR1 += (i % 3 == 2) ? 1 : 0;
      }
    }
    assertEquals(List.of(List.of(r1)), runner.sql("select count(*) from sales where region = 'r1'").rows());
    assertEquals(List.of(List.of(afterR1)), runner.sql("select count(*) from sales where region > 'r1'").rows());
    assertEquals(List.of(List.of(0L)), runner.sql("select count(*) from sales where region = 'r1x'").rows());
  }

  @Test
  void groupByWithNullKeys() {
    Map<Object, long[]> expected = new HashMap<>();
    for (long i = 0; i < FILES * ROWS; i++) {
      Object key = i % 7 == 0 ? null : "r" + (i % 3);
      expected.computeIfAbsent(key, k -> new long[2])[0]++;
      expected.get(key)[1] = Math.max(expected.get(key)[1], i);
    }
    List<List<Object>> rows = runner.sql("select region, count(*), max(id) from sales group by region").rows();
    assertEquals(expected.size(), rows.size());
    for (List<Object> row : rows) {
      Object key = row.get(0) == null ? null : row.get(0).toString();
      assertEquals(expected.get(key)[0], row.get(1), "count of " + key);
      assertEquals(expected.get(key)[1], row.get(2), "max of " + key);
    }
  }

  @Test
  void decimalArithmeticAndDateFilter() {
    // amount * 2 - 1 over days 2020-01-01..2020-01-03 (day index 0..2)
    BigDecimal expected = BigDecimal.ZERO;
    for (long i = 0; i < FILES * ROWS; i++) {
      if (i % 10 < 3) {
        expected = expected.add(BigDecimal.valueOf(i * 125, 2).multiply(BigDecimal.valueOf(2)).subtract(BigDecimal.ONE));
      }
    }
    List<List<Object>> rows = runner.sql(
        "select sum(amount * 2 - 1) from sales where \"day\" < date '2020-01-04'").rows();
    assertEquals(0, expected.compareTo((BigDecimal) rows.get(0).get(0)), "got " + rows);
  }

  @Test
  void selectConstantAndLimit() {
    assertEquals(List.of(List.of(1)), runner.sql("select 1").rows());
    assertEquals(7, runner.sql("select id from sales limit 7").rows().size());
  }

  @Test
  void orderByWithNullsAndTopN() {
    List<List<Object>> rows = runner.sql(
        "select region, count(*) as n from sales group by region order by region desc nulls last").rows();
    assertEquals(List.of("r2", "r1", "r0"), rows.subList(0, 3).stream().map(r -> r.get(0).toString()).toList());
    assertEquals(null, rows.get(3).get(0));
    List<List<Object>> top = runner.sql("select id from sales order by amount desc, id limit 3 offset 1").rows();
    long max = FILES * ROWS - 1;
    assertEquals(List.of(List.of(max - 1), List.of(max - 2), List.of(max - 3)), top);
  }

  @Test
  void joins() {
    // Self-joins on id: every row matches itself once.
    assertEquals(List.of(List.of((long) FILES * ROWS)),
        runner.sql("select count(*) from sales a join sales b on a.id = b.id").rows());
    // Join with a residual condition and an aggregate on top.
    assertEquals(List.of(List.of((long) FILES * ROWS - 1)),
        runner.sql("select count(*) from sales a join sales b on a.id = b.id + 1 and a.amount > b.amount").rows());
    // LEFT join: ids 0..9 with matches only for the even ones.
    List<List<Object>> rows = runner.sql("select a.id, b.id from (select id from sales where id < 10) a "
        + "left join (select id from sales where id < 10 and mod(id, 2) = 0) b on a.id = b.id order by a.id").rows();
    assertEquals(10, rows.size());
    for (List<Object> row : rows) {
      long id = (Long) row.get(0);
      assertEquals(id % 2 == 0 ? (Object) id : null, row.get(1));
    }
  }

  @Test
  void existsAndInSubqueries() {
    assertEquals(List.of(List.of(5L)), runner.sql(
        "select count(*) from sales s where s.id < 10 and exists (select 1 from sales t where t.id = s.id + 14995)").rows());
    assertEquals(List.of(List.of(3L)), runner.sql(
        "select count(*) from sales where id in (select id from sales where id < 3)").rows());
  }

  @Test
  void caseLikeExtractSubstring() {
    // CASE must not evaluate the division on rows where the divisor is zero.
    assertEquals(List.of(List.of(10L)), runner.sql(
        "select count(*) from sales where id < 10 and (case when id = 0 then 1 else 100 / id end) >= 1").rows());
    long r1 = 0;
    for (long i = 0; i < FILES * ROWS; i++) {
      if (i % 7 != 0 && i % 3 == 1) {
        r1++;
      }
    }
    assertEquals(List.of(List.of(r1)), runner.sql("select count(*) from sales where region like 'r1%'").rows());
    assertEquals(List.of(List.of(r1)), runner.sql("select count(*) from sales where region like '_1'").rows());
    long notR0 = 0;
    for (long i = 0; i < FILES * ROWS; i++) {
      if (i % 7 != 0 && i % 3 != 0) {
        notR0++;
      }
    }
    assertEquals(List.of(List.of(notR0)), runner.sql("select count(*) from sales where region not like '%0'").rows());
    List<List<Object>> parity = runner.sql(
        "select id, case when mod(id, 2) = 0 then 'even' else 'odd' end from sales where id < 100 order by id").rows();
    for (List<Object> row : parity) {
      assertEquals((Long) row.get(0) % 2 == 0 ? "even" : "odd", row.get(1).toString(), "row " + row);
    }
    assertEquals(List.of(List.of(2020L, 1L, 3L)), runner.sql(
        "select extract(year from \"day\"), extract(month from \"day\"), extract(day from \"day\") "
            + "from sales where id = 2").rows());
    assertEquals(List.of(List.of("1")), runner.sql(
        "select substring(region from 2 for 5) from sales where id = 1").rows().stream()
        .map(r -> List.<Object>of(r.get(0).toString())).toList());
  }

  @Test
  void unknownTableHasPosition() {
    QueryException e = assertThrows(QueryException.class, () -> runner.sql("select *\nfrom nosuch"));
    assertEquals(ErrorCode.TABLE_NOT_FOUND, e.code());
    assertEquals(2, e.line());
    assertEquals(6, e.column());
  }

  @Test
  void syntaxErrorHasPosition() {
    QueryException e = assertThrows(QueryException.class, () -> runner.sql("select from where"));
    assertEquals(ErrorCode.SYNTAX_ERROR, e.code());
    assertEquals(1, e.line());
  }

  @Test
  void anAggregateGroupedByAPartitionedJoinsKeysNeedsNoExchange() {
    // Grouped by both join keys: by the probe side's, whichever input is probed.
    assertGroupedInTheJoinsPartitions("select a.id, b.region, count(*), sum(b.amount) from %1$s a join %1$s b "
        + "on a.id = b.id where mod(a.id, 3) = 0 group by a.id, b.id, b.region", "INNER", FILES * ROWS / 3);
    // TPC-H Q13's shape: the preserved side is built and grouped by its key; it keeps its rows without a match.
    assertGroupedInTheJoinsPartitions("select b.id, count(a.id) from %1$s a right join "
        + "(select id from %1$s where mod(id, 2) = 0) b on a.id + 1 = b.id group by b.id", "RIGHT", FILES * ROWS / 2);
  }

  @Test
  void aJoinInputAlreadyPlacedByItsKeysIsNotShuffledAgain() {
    // TPC-H Q18's shape: the aggregate's rows are hash-placed by id, the join key, so only the scan is exchanged.
    String query = "select s.id, s.amount, a.n from %1$s s join (select id, count(*) as n from %1$s "
        + "where mod(id, 4) = 0 group by id) a on s.id = a.id";
    ExecutionPlan plan = runner.physicalPlan(query.formatted("big_sales"));
    String explained = DistributedPlanner.explain(plan);
    assertEquals(2, explained.split("ExchangeExec: Hash", -1).length - 1, explained);
    List<List<Object>> rows = sorted(runner.sql(query.formatted("big_sales")).rows());
    assertEquals(sorted(runner.sql(query.formatted("sales")).rows()), rows);
    assertEquals(FILES * ROWS / 4, rows.size());
  }

  @Test
  void aSubqueryReadTwiceRunsAsOneStage() {
    // TPC-H Q15's shape: the grouped sums are read for their rows and for their maximum.
    String query = "with totals as (select region, sum(amount) as total from big_sales group by region) "
        + "select region, total from totals where total = (select max(total) from totals)";
    List<QueryStage> stages = DistributedPlanner.plan("reuse", runner.physicalPlan(query));
    List<String> plans = stages.stream().map(s -> DistributedPlanner.explain(s.plan())).toList();
    assertEquals(1, plans.stream().filter(p -> p.contains("FileScanExec")).count(), String.join("\n", plans));
    assertEquals(List.of(1, 2), stages.get(stages.size() - 1).inputStages(), "the last stage reads the sums too");
    assertEquals(runner.sql("select region, sum(amount) from big_sales group by region order by 2 desc limit 1")
        .rows(), runner.sql(query).rows());
  }

  /** The aggregate runs in the join's partitions, and gives the rows it gives over a broadcast join. */
  private static void assertGroupedInTheJoinsPartitions(String query, String joinType, int groups) {
    ExecutionPlan plan = runner.physicalPlan(query.formatted("big_sales"));
    HashAggregateExec aggregate = (HashAggregateExec) find(plan, HashAggregateExec.class);
    ExecutionPlan below = aggregate.children().get(0);
    while (below instanceof ProjectExec) {
      below = below.children().get(0);
    }
    String explained = DistributedPlanner.explain(plan);
    assertInstanceOf(HashJoinExec.class, below, explained);
    assertFalse(((HashJoinExec) below).broadcastBuild(), explained);
    assertEquals(joinType, ((HashJoinExec) below).joinType().name(), explained);
    List<List<Object>> partitioned = sorted(runner.sql(query.formatted("big_sales")).rows());
    assertEquals(sorted(runner.sql(query.formatted("sales")).rows()), partitioned);
    assertEquals(groups, partitioned.size());
  }

  private static ExecutionPlan find(ExecutionPlan plan, Class<?> type) {
    if (type.isInstance(plan)) {
      return plan;
    }
    for (ExecutionPlan child : plan.children()) {
      ExecutionPlan found = find(child, type);
      if (found != null) {
        return found;
      }
    }
    return null;
  }

  private static List<List<Object>> sorted(List<List<Object>> rows) {
    List<List<Object>> copy = new java.util.ArrayList<>(rows);
    copy.sort(java.util.Comparator.comparing(r -> (Long) r.get(0)));
    return copy;
  }

  @Test
  void divisionByZeroIsAUserError() {
    QueryException e = assertThrows(QueryException.class, () -> runner.sql("select sum(id / (id - id)) from sales"));
    assertEquals(ErrorCode.DIVISION_BY_ZERO, e.code());
  }
}
