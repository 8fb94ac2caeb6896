package dev.ballista.engine.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.List;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Join;
import org.apache.calcite.rel.core.JoinRelType;
import org.junit.jupiter.api.Test;

/** A semi or anti join's right input carries only the columns its condition reads. */
class SemiJoinColumnsTest {
  @Test
  void theFilteredSideOfAnExistsKeepsOnlyItsKey() {
    // TPC-H Q4's shape: the dates are read by the filter below the join, not by the join.
    RelNode rel = TpchShapedCatalog.plan("""
        select count(*) from orders where exists (
          select * from lineitem where l_orderkey = o_orderkey and l_commitdate < l_receiptdate)""");
    Join semi = find(rel);
    assertNotNull(semi, RelOptUtil.toString(rel));
    assertEquals(List.of("l_orderkey"), semi.getRight().getRowType().getFieldNames(), RelOptUtil.toString(rel));
  }

  @Test
  void aResidualConditionKeepsTheColumnsItReads() {
    RelNode rel = TpchShapedCatalog.plan("""
        select count(*) from orders where not exists (
          select * from lineitem where l_orderkey = o_orderkey and l_receiptdate > o_orderdate
            and l_commitdate < l_receiptdate)""");
    Join anti = find(rel);
    assertNotNull(anti, RelOptUtil.toString(rel));
    assertEquals(List.of("l_orderkey", "l_receiptdate"), anti.getRight().getRowType().getFieldNames(),
        RelOptUtil.toString(rel));
  }

  private static Join find(RelNode rel) {
    return (Join) PlanSearch.first(rel, r -> r instanceof Join j
        && (j.getJoinType() == JoinRelType.SEMI || j.getJoinType() == JoinRelType.ANTI));
  }
}
