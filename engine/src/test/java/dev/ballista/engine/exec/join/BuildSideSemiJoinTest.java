package dev.ballista.engine.exec.join;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.ballista.engine.exec.RowsPlan;
import dev.ballista.engine.expr.ColumnExpr;
import dev.ballista.engine.expr.ComparisonExpr;
import dev.ballista.engine.expr.PhysicalExpr;
import dev.ballista.engine.types.Column;
import dev.ballista.engine.types.DataType;
import dev.ballista.engine.types.RowSchema;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * RIGHT_SEMI / RIGHT_ANTI (build the outer side, stream the subquery side) return exactly the rows SEMI / ANTI
 * return with the inputs the other way round: with duplicate keys on both sides, NULL keys, string keys (the
 * general hash table) and BIGINT keys (the integer index), with and without a residual condition.
 */
class BuildSideSemiJoinTest {
  private static final RowSchema OUTER = RowSchema.of(Column.of("k", DataType.BIGINT), Column.of("a", DataType.BIGINT),
      Column.of("s", DataType.VARCHAR));
  private static final RowSchema INNER = RowSchema.of(Column.of("k", DataType.BIGINT), Column.of("b", DataType.BIGINT),
      Column.of("s", DataType.VARCHAR));

  @Test
  void buildSideJoinsEqualProbeSideJoins() {
    Random random = new Random(17);
    List<List<Object>> outer = rows(random, 700, 300);
    List<List<Object>> inner = rows(random, 5000, 400);
    for (int key : new int[] {0, 2}) {
      for (boolean withResidual : new boolean[] {false, true}) {
        // SEMI residual over (outer, inner): a < b; the same over (inner, outer): inner.b > outer.a.
        PhysicalExpr residual = withResidual ? new ComparisonExpr(ComparisonExpr.Op.LT,
            new ColumnExpr(1, DataType.BIGINT), new ColumnExpr(4, DataType.BIGINT)) : null;
        PhysicalExpr swapped = withResidual ? new ComparisonExpr(ComparisonExpr.Op.GT,
            new ColumnExpr(1, DataType.BIGINT), new ColumnExpr(4, DataType.BIGINT)) : null;
        for (JoinType[] types : new JoinType[][] {{JoinType.SEMI, JoinType.RIGHT_SEMI},
            {JoinType.ANTI, JoinType.RIGHT_ANTI}}) {
          HashJoinExec probeSide = new HashJoinExec(new RowsPlan(OUTER, outer, 128), new RowsPlan(INNER, inner, 999),
              new int[] {key}, new int[] {key}, types[0], residual, false);
          HashJoinExec buildSide = new HashJoinExec(new RowsPlan(INNER, inner, 999), new RowsPlan(OUTER, outer, 128),
              new int[] {key}, new int[] {key}, types[1], swapped, false);
          assertEquals(OUTER, buildSide.schema());
          List<List<Object>> expected = sorted(RowsPlan.collect(probeSide, 256));
          List<List<Object>> actual = sorted(RowsPlan.collect(buildSide, 256));
          String what = types[1] + " key " + key + (withResidual ? " with residual" : "");
          assertFalse(expected.isEmpty() || expected.size() == outer.size(), what + ": a test that selects something");
          assertEquals(expected, actual, what);
        }
      }
    }
  }

  @Test
  void aProjectionPicksBuildColumns() {
    Random random = new Random(3);
    List<List<Object>> outer = rows(random, 50, 40);
    List<List<Object>> inner = rows(random, 200, 40);
    HashJoinExec join = new HashJoinExec(new RowsPlan(INNER, inner, 64), new RowsPlan(OUTER, outer, 64),
        new int[] {0}, new int[] {0}, JoinType.RIGHT_SEMI, null, false, new int[] {2, 0});
    List<List<Object>> all = RowsPlan.collect(new HashJoinExec(new RowsPlan(INNER, inner, 64),
        new RowsPlan(OUTER, outer, 64), new int[] {0}, new int[] {0}, JoinType.RIGHT_SEMI, null, false), 64);
    List<List<Object>> projected = new ArrayList<>();
    for (List<Object> row : all) {
      projected.add(List.of(row.get(2) == null ? "null" : row.get(2), row.get(0)));
    }
    List<List<Object>> actual = new ArrayList<>();
    for (List<Object> row : RowsPlan.collect(join, 64)) {
      actual.add(List.of(row.get(0) == null ? "null" : row.get(0), row.get(1)));
    }
    assertEquals(sorted(projected), sorted(actual));
  }

  /** Keys in [0, keys) with about 5% NULL keys, a value, and the key as a string key. */
  private static List<List<Object>> rows(Random random, int n, int keys) {
    List<List<Object>> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Long k = random.nextInt(20) == 0 ? null : (long) random.nextInt(keys);
      List<Object> row = new ArrayList<>();
      row.add(k);
      row.add((long) random.nextInt(1000));
      row.add(k == null ? null : "k" + k);
      rows.add(row);
    }
    return rows;
  }

  private static List<List<Object>> sorted(List<List<Object>> rows) {
    List<List<Object>> out = new ArrayList<>(rows);
    out.sort(Comparator.comparing(Object::toString));
    return out;
  }
}
