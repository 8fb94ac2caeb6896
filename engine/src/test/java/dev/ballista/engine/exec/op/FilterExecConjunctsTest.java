package dev.ballista.engine.exec.op;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ballista.engine.exec.ExecutionPlan;
import dev.ballista.engine.exec.RowsPlan;
import dev.ballista.engine.expr.ArithmeticExpr;
import dev.ballista.engine.expr.CaseExpr;
import dev.ballista.engine.expr.CastExpr;
import dev.ballista.engine.expr.ColumnExpr;
import dev.ballista.engine.expr.ComparisonExpr;
import dev.ballista.engine.expr.InListExpr;
import dev.ballista.engine.expr.IsNullExpr;
import dev.ballista.engine.expr.LikeExpr;
import dev.ballista.engine.expr.LiteralExpr;
import dev.ballista.engine.expr.LogicalExpr;
import dev.ballista.engine.expr.PhysicalExpr;
import dev.ballista.engine.types.Column;
import dev.ballista.engine.types.DataType;
import dev.ballista.engine.types.RowSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * FilterExec evaluates an AND's conjuncts one after another on the surviving rows. Its output must equal
 * evaluating the whole predicate on every row at once (here: a ProjectExec computing the predicate, then keeping
 * the rows where it is TRUE), with NULLs in every conjunct's columns, conjuncts that keep all or no rows, many and
 * few survivors (a conjunct on the whole batch or on the survivors gathered), with and without an output
 * projection, over many batches of odd sizes; RowsPlan.collect fails on any leaked buffer.
 */
class FilterExecConjunctsTest {
  /** id BIGINT (never NULL), a BIGINT, b INTEGER (1..100), s VARCHAR, d DATE, t VARCHAR; all but id NULL in ~1/10. */
  private static final RowSchema SCHEMA = RowSchema.of(Column.of("id", DataType.BIGINT),
      Column.of("a", DataType.BIGINT), Column.of("b", DataType.INTEGER), Column.of("s", DataType.VARCHAR),
      Column.of("d", DataType.DATE), Column.of("t", DataType.VARCHAR));

  private static final ColumnExpr ID = new ColumnExpr(0, DataType.BIGINT);
  private static final ColumnExpr A = new ColumnExpr(1, DataType.BIGINT);
  private static final ColumnExpr B = new ColumnExpr(2, DataType.INTEGER);
  private static final ColumnExpr S = new ColumnExpr(3, DataType.VARCHAR);
  private static final ColumnExpr D = new ColumnExpr(4, DataType.DATE);
  private static final ColumnExpr T = new ColumnExpr(5, DataType.VARCHAR);

  private static final List<List<Object>> ROWS = rows(3000, 17);

  @Test
  void threeConjunctsOverNullableColumnsEqualTheWholePredicate() {
    // Text IN first as written: the filter moves it after the numeric conjuncts.
    assertSameAsWholePredicate(and(in(S, "s1", "s2", "s3", "s7"), cmp(ComparisonExpr.Op.LT, A, 500),
        cmp(ComparisonExpr.Op.GE, B, 20)));
  }

  @Test
  void aConjunctThatDropsEveryRowGivesNoRows() {
    PhysicalExpr none = and(cmp(ComparisonExpr.Op.LT, A, 700), cmp(ComparisonExpr.Op.GT, B, 1000),
        eq(S, "s1"));
    assertSameAsWholePredicate(none);
    assertEquals(0, run(none, null, 256).size());
    // ... also when it is the first one evaluated.
    assertEquals(0, run(and(cmp(ComparisonExpr.Op.LT, ID, 0), eq(S, "s1")), null, 256).size());
  }

  @Test
  void aConjunctThatKeepsEveryRowLeavesTheOthersToDecide() {
    PhysicalExpr keepAll = cmp(ComparisonExpr.Op.GE, ID, 0);
    assertSameAsWholePredicate(and(keepAll, eq(S, "s2"), cmp(ComparisonExpr.Op.LT, A, 300)));
    assertSameAsWholePredicate(and(cmp(ComparisonExpr.Op.LT, A, 300), keepAll, eq(S, "s2")));
    assertEquals(ROWS.size(), run(and(keepAll, keepAll), null, 100).size());
  }

  @Test
  void manyOrFewSurvivorsTakeEitherPathAndStillMatch() {
    // ~90% have a non-NULL a, then ~97% of those have id % 32 <> 0: the next conjuncts run on the whole batch.
    PhysicalExpr notNull = new IsNullExpr(A, true);
    PhysicalExpr mostIds = cmp(ComparisonExpr.Op.NE,
        new ArithmeticExpr(ArithmeticExpr.Op.MODULO, ID, new LiteralExpr(DataType.BIGINT, 32L), DataType.BIGINT), 0);
    assertSameAsWholePredicate(and(notNull, mostIds, cmp(ComparisonExpr.Op.LT, B, 95)));
    assertSameAsWholePredicate(and(mostIds, cmp(ComparisonExpr.Op.GT, A, 50), new IsNullExpr(S, true)));
    // ~55% pass b >= 40; s IS NOT NULL runs on those gathered (~90% pass); s <> t reads two text columns, too
    // many to gather for ~half the rows, so it runs on the whole batch and narrows the list of survivors.
    assertSameAsWholePredicate(and(cmp(ComparisonExpr.Op.GE, B, 40), new IsNullExpr(S, true),
        new ComparisonExpr(ComparisonExpr.Op.NE, S, T)));
  }

  @Test
  void nestedAndsLikeCaseAndDatesAcrossDifferentColumns() {
    // A CASE whose value could fail gathers its rows itself (CaseExpr's subset), over a batch holding only the
    // columns this conjunct reads.
    PhysicalExpr ratio = new CaseExpr(List.of(new LikeExpr(S, "s1%", null, false)),
        List.of(new ArithmeticExpr(ArithmeticExpr.Op.DIVIDE, A, new CastExpr(B, DataType.BIGINT), DataType.BIGINT)),
        new LiteralExpr(DataType.BIGINT, 0L), DataType.BIGINT);
    PhysicalExpr predicate = and(new LikeExpr(S, "%1%", null, false),
        and(cmp(ComparisonExpr.Op.GE, D, 18_000), cmp(ComparisonExpr.Op.LT, D, 19_000)),
        cmp(ComparisonExpr.Op.GT, ratio, 2),
        cmp(ComparisonExpr.Op.LT, A, 900));
    assertSameAsWholePredicate(predicate);
    assertTrue(run(predicate, null, 256).size() > 0, "the data should let some rows through");
  }

  @Test
  void conjunctsRunCheapestFirstAndEqualCostsKeepTheirOrder() {
    PhysicalExpr like = new LikeExpr(S, "%1%", null, false);
    PhysicalExpr textIn = in(S, "s1", "s2", "s3", "s7");
    PhysicalExpr textEq = eq(S, "s1");
    PhysicalExpr bRange = cmp(ComparisonExpr.Op.GE, B, 20);
    PhysicalExpr aRange = cmp(ComparisonExpr.Op.LT, A, 500);
    PhysicalExpr dRange = cmp(ComparisonExpr.Op.LT, D, 19_000);
    ConjunctFilter filter = new ConjunctFilter(and(like, textIn, bRange, and(textEq, aRange), dRange), SCHEMA);
    assertEquals(List.of(bRange, aRange, dRange, textEq, textIn, like), filter.conjuncts());
    // An OR is one conjunct.
    PhysicalExpr or = new LogicalExpr(false, List.of(aRange, bRange));
    assertEquals(List.of(or), new ConjunctFilter(or, SCHEMA).conjuncts());
  }

  @Test
  void cheapConjunctsStayOnTheWholeBatchUnlessFewRowsSurviveTextOnesGatherSooner() {
    PhysicalExpr bRange = cmp(ComparisonExpr.Op.GE, B, 20);
    PhysicalExpr textIn = in(S, "s1", "s2", "s3", "s7");
    ConjunctFilter filter = new ConjunctFilter(and(bRange, textIn), SCHEMA);
    assertEquals(List.of(bRange, textIn), filter.conjuncts());
    // conjunct 0: an INTEGER comparison (1 unit a row), 2 units to gather a row of b.
    assertTrue(filter.evaluateOnSurvivors(0, 100, 1000));
    assertFalse(filter.evaluateOnSurvivors(0, 700, 1000));
    // conjunct 1: a text IN of 4 values (8 units a row), 4 units to gather a row of s.
    assertTrue(filter.evaluateOnSurvivors(1, 700, 1000));
    assertFalse(filter.evaluateOnSurvivors(1, 950, 1000));
  }

  /** The filter's rows, for several batch sizes, with and without a projection, equal the whole predicate's. */
  private static void assertSameAsWholePredicate(PhysicalExpr predicate) {
    for (int[] projection : new int[][] {null, {3, 0}, {4}}) {
      List<List<Object>> expected = wholePredicate(predicate, projection);
      for (int batchRows : new int[] {1, 7, 256, 1000, 4096}) {
        assertEquals(expected, run(predicate, projection, batchRows),
            predicate + " batch " + batchRows + " projection " + java.util.Arrays.toString(projection));
      }
    }
  }

  private static List<List<Object>> run(PhysicalExpr predicate, int[] projection, int batchRows) {
    return RowsPlan.collect(new FilterExec(new RowsPlan(SCHEMA, ROWS, batchRows), predicate, projection), 1024);
  }

  /** The predicate evaluated as one expression on every row; the rows where it is TRUE, projected. */
  private static List<List<Object>> wholePredicate(PhysicalExpr predicate, int[] projection) {
    List<PhysicalExpr> exprs = new ArrayList<>(List.of(predicate, ID, A, B, S, D, T));
    ExecutionPlan project = new ProjectExec(new RowsPlan(SCHEMA, ROWS, 1000), exprs,
        List.of("p", "id", "a", "b", "s", "d", "t"));
    List<List<Object>> out = new ArrayList<>();
    for (List<Object> row : RowsPlan.collect(project, 1024)) {
      if (Boolean.TRUE.equals(row.get(0))) {
        List<Object> kept = row.subList(1, row.size());
        if (projection != null) {
          List<Object> projected = new ArrayList<>();
          for (int c : projection) {
            projected.add(kept.get(c));
          }
          kept = projected;
        }
        out.add(new ArrayList<>(kept));
      }
    }
    return out;
  }

  private static PhysicalExpr and(PhysicalExpr... operands) {
    return new LogicalExpr(true, List.of(operands));
  }

  private static PhysicalExpr cmp(ComparisonExpr.Op op, PhysicalExpr left, long value) {
    return new ComparisonExpr(op, left, new LiteralExpr(left.type(), value));
  }

  private static PhysicalExpr eq(PhysicalExpr left, String value) {
    return new ComparisonExpr(ComparisonExpr.Op.EQ, left, new LiteralExpr(DataType.VARCHAR, value));
  }

  private static PhysicalExpr in(PhysicalExpr input, Object... values) {
    return new InListExpr(input, List.of(values), false);
  }

  private static List<List<Object>> rows(int n, long seed) {
    Random random = new Random(seed);
    List<List<Object>> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      List<Object> row = new ArrayList<>();
      row.add((long) i);
      row.add(random.nextInt(10) == 0 ? null : (long) random.nextInt(1000));
      row.add(random.nextInt(10) == 0 ? null : (long) (1 + random.nextInt(100)));
      row.add(random.nextInt(10) == 0 ? null : "s" + random.nextInt(12));
      row.add(random.nextInt(10) == 0 ? null : (long) (17_500 + random.nextInt(2000)));
      row.add(random.nextInt(10) == 0 ? null : "s" + random.nextInt(3));
      rows.add(row);
    }
    return rows;
  }
}
