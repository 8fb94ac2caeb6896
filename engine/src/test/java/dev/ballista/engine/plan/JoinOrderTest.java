package dev.ballista.engine.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Join;
import org.apache.calcite.rel.core.TableScan;
import org.junit.jupiter.api.Test;

/** Join orders chosen for TPC-H shaped tables ({@link TpchShapedCatalog}). */
class JoinOrderTest {
  private static RelNode plan(String sql) {
    return TpchShapedCatalog.plan(sql);
  }

  @Test
  void q5JoinsThroughTheSmallDimensionsFirstAndNeverCrossesCustomerWithSupplier() {
    RelNode rel = plan("""
        select n_name, sum(l_price) from customer, orders, lineitem, supplier, nation, region
        where c_custkey = o_custkey and l_orderkey = o_orderkey and l_suppkey = s_suppkey
          and c_nationkey = s_nationkey and s_nationkey = n_nationkey and n_regionkey = r_regionkey
          and r_name = 'ASIA' and o_orderdate >= date '1994-01-01' and o_orderdate < date '1995-01-01'
        group by n_name""");
    List<Join> joins = joins(rel);
    assertEquals(5, joins.size(), RelOptUtil.toString(rel));
    for (Join join : joins) {
      assertTrue(!join.getCondition().isAlwaysTrue(), "cross product in\n" + RelOptUtil.toString(rel));
    }
    // The region/nation/customer/orders side is built before lineitem is probed against it.
    Join lineitemJoin = joins.stream().filter(j -> tables(j.getLeft()).contains("lineitem")
        || tables(j.getRight()).contains("lineitem")).reduce((a, b) -> b).orElseThrow();
    Set<String> other = tables(lineitemJoin.getLeft()).contains("lineitem") ? tables(lineitemJoin.getRight())
        : tables(lineitemJoin.getLeft());
    assertEquals(Set.of("customer", "orders", "nation", "region"), other, RelOptUtil.toString(rel));
    assertTrue(tables(lineitemJoin.getLeft()).contains("lineitem"), "lineitem probes: " + RelOptUtil.toString(rel));
  }

  @Test
  void smallerSideOfATwoWayJoinIsTheBuildSide() {
    RelNode rel = plan("select count(*) from nation, customer where n_nationkey = c_nationkey");
    Join join = joins(rel).get(0);
    assertEquals(Set.of("customer"), tables(join.getLeft()), RelOptUtil.toString(rel));
    assertEquals(Set.of("nation"), tables(join.getRight()), RelOptUtil.toString(rel));
  }

  @Test
  void disconnectedInputsStillJoinWithACrossProduct() {
    RelNode rel = plan("select count(*) from region, nation, supplier where n_nationkey = s_nationkey");
    assertEquals(2, joins(rel).size(), RelOptUtil.toString(rel));
  }

  private static List<Join> joins(RelNode rel) {
    List<Join> out = new ArrayList<>();
    collect(rel, out);
    return out;
  }

  private static void collect(RelNode rel, List<Join> out) {
    if (rel instanceof Join join) {
      out.add(join);
    }
    rel.getInputs().forEach(input -> collect(input, out));
  }

  private static Set<String> tables(RelNode rel) {
    Set<String> names = new TreeSet<>();
    if (rel instanceof TableScan scan) {
      names.add(scan.getTable().getQualifiedName().get(1));
    }
    rel.getInputs().forEach(input -> names.addAll(tables(input)));
    return names;
  }
}
