package dev.ballista.engine.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.Join;
import org.apache.calcite.rel.core.JoinRelType;
import org.junit.jupiter.api.Test;

/** EXISTS and NOT EXISTS with non-equality correlations plan as one semi and one anti join (TPC-H Q21's shape). */
class ExistsToSemiJoinTest {
  @Test
  void q21ShapeBecomesSemiAndAntiJoinsWithoutRecomputingTheOuterQuery() {
    RelNode rel = TpchShapedCatalog.plan("""
        select s_suppkey, count(*) from supplier, lineitem l1, orders
        where s_suppkey = l1.l_suppkey and o_orderkey = l1.l_orderkey
          and exists (select * from lineitem l2 where l2.l_orderkey = l1.l_orderkey and l2.l_suppkey <> l1.l_suppkey)
          and not exists (select * from lineitem l3 where l3.l_orderkey = l1.l_orderkey
            and l3.l_suppkey <> l1.l_suppkey and l3.l_receiptdate > l3.l_commitdate)
        group by s_suppkey""");
    String plan = RelOptUtil.toString(rel);
    List<JoinRelType> types = new ArrayList<>();
    int[] aggregates = {0};
    collect(rel, types, aggregates);
    assertEquals(1, types.stream().filter(t -> t == JoinRelType.SEMI).count(), plan);
    assertEquals(1, types.stream().filter(t -> t == JoinRelType.ANTI).count(), plan);
    assertEquals(1, aggregates[0], "only the query's own GROUP BY aggregates:\n" + plan);
    assertFalse(plan.contains("Correlate"), plan);
    // The condition on l3 alone filters l3 before the anti join instead of being checked per candidate pair.
    Join anti = find(rel, JoinRelType.ANTI);
    assertTrue(anti.getRight() instanceof org.apache.calcite.rel.core.Filter
        || anti.getRight().getInput(0) instanceof org.apache.calcite.rel.core.Filter, plan);
  }

  @Test
  void existsInsideOrIsLeftToCalcite() {
    RelNode rel = TpchShapedCatalog.plan("""
        select count(*) from orders
        where o_custkey = 1 or exists (select * from lineitem where l_orderkey = o_orderkey)""");
    List<JoinRelType> types = new ArrayList<>();
    collect(rel, types, new int[1]);
    assertFalse(types.contains(JoinRelType.ANTI), RelOptUtil.toString(rel));
  }

  private static Join find(RelNode rel, JoinRelType type) {
    return (Join) PlanSearch.first(rel, r -> r instanceof Join j && j.getJoinType() == type);
  }

  private static void collect(RelNode rel, List<JoinRelType> types, int[] aggregates) {
    if (rel instanceof Join join) {
      types.add(join.getJoinType());
    }
    if (rel instanceof Aggregate) {
      aggregates[0]++;
    }
    rel.getInputs().forEach(input -> collect(input, types, aggregates));
  }
}
