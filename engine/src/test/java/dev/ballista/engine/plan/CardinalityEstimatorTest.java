package dev.ballista.engine.plan;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Join;
import org.apache.calcite.rel.core.JoinRelType;
import org.junit.jupiter.api.Test;

/** Row estimates of semi and anti joins (see {@link CardinalityEstimator}). */
class CardinalityEstimatorTest {
  /** TPC-H Q21's shape: the lines of late suppliers of one nation, on multi-supplier orders, no other supplier late. */
  private static final String Q21_SHAPE = """
      select s_suppkey, count(*) from supplier, lineitem l1, orders, nation
      where s_suppkey = l1.l_suppkey and o_orderkey = l1.l_orderkey and o_orderdate < date '1995-01-01'
        and l1.l_receiptdate > l1.l_commitdate and s_nationkey = n_nationkey and n_name = 'SAUDI ARABIA'
        and exists (select * from lineitem l2 where l2.l_orderkey = l1.l_orderkey and l2.l_suppkey <> l1.l_suppkey)
        and not exists (select * from lineitem l3 where l3.l_orderkey = l1.l_orderkey
          and l3.l_suppkey <> l1.l_suppkey and l3.l_receiptdate > l3.l_commitdate)
      group by s_suppkey""";

  @Test
  void aSemiJoinKeepsAtMostItsLeftAndAnAntiJoinAtLeastATenthOfIt() {
    RelNode rel = TpchShapedCatalog.plan(Q21_SHAPE);
    Join semi = (Join) PlanSearch.first(rel, r -> r instanceof Join j && j.getJoinType() == JoinRelType.SEMI);
    Join anti = (Join) PlanSearch.first(rel, r -> r instanceof Join j && j.getJoinType() == JoinRelType.ANTI);
    assertNotNull(semi, RelOptUtil.toString(rel));
    assertNotNull(anti, RelOptUtil.toString(rel));
    CardinalityEstimator estimator = new CardinalityEstimator(rel.getCluster().getMetadataQuery());
    double semiLeft = estimator.rows(semi.getLeft());
    double semiRows = estimator.rows(semi);
    assertTrue(semiRows <= semiLeft && semiRows >= 1, semiRows + " of " + semiLeft);
    double antiLeft = estimator.rows(anti.getLeft());
    double antiRows = estimator.rows(anti);
    assertTrue(antiRows <= antiLeft && antiRows >= antiLeft * 0.1, antiRows + " of " + antiLeft);
  }

  @Test
  void anAntiJoinOfAFewLinesWithAllLateLinesIsEstimatedSmallSoTheFewLinesAreBuilt() {
    // The physical planner builds the outer side of an EXISTS when it is estimated at under half the subquery side:
    // Calcite's own estimate of the semi join below put the anti join's outer side at millions of rows.
    RelNode rel = TpchShapedCatalog.plan(Q21_SHAPE);
    Join anti = (Join) PlanSearch.first(rel, r -> r instanceof Join j && j.getJoinType() == JoinRelType.ANTI);
    CardinalityEstimator estimator = new CardinalityEstimator(rel.getCluster().getMetadataQuery());
    double outer = estimator.rows(anti.getLeft());
    double subquery = estimator.rows(anti.getRight());
    assertTrue(outer * 2 < subquery, outer + " outer rows against " + subquery + "\n" + RelOptUtil.toString(rel));
  }
}
