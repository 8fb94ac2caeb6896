package dev.ballista.engine.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.Join;
import org.apache.calcite.rel.core.JoinRelType;
import org.junit.jupiter.api.Test;

/** Which joins filter their large input by the keys of their small one first (see {@link SemiJoinReduction}). */
class SemiJoinReductionTest {
  @Test
  void anAggregateByTheJoinKeyIsComputedOnlyForTheKeysOfASelectiveSide() {
    // TPC-H Q17's shape: the average quantity per part is needed only for the parts of one brand and container.
    RelNode rel = TpchShapedCatalog.plan("""
        select sum(l_price) from lineitem, part
        where p_partkey = l_partkey and p_brand = 'Brand#23' and p_container = 'MED BOX'
          and l_quantity < (select 0.2 * avg(l_quantity) from lineitem where l_partkey = p_partkey)""");
    List<Join> semiJoins = semiJoinsBelowAggregates(rel);
    assertEquals(1, semiJoins.size(), RelOptUtil.toString(rel));
    String filtered = RelOptUtil.toString(semiJoins.get(0).getRight());
    assertTrue(filtered.contains("'Brand#23'") && filtered.contains("part"), filtered);
    assertTrue(RelOptUtil.toString(semiJoins.get(0).getLeft()).contains("lineitem"));
  }

  @Test
  void aSideThatKeepsAllItsKeysFiltersNothingAndIsNotRepeated() {
    RelNode rel = TpchShapedCatalog.plan("""
        select s_suppkey, q from supplier,
          (select l_suppkey, sum(l_quantity) as q from lineitem group by l_suppkey) t
        where s_suppkey = t.l_suppkey""");
    assertEquals(0, count(rel, JoinRelType.SEMI), RelOptUtil.toString(rel));
  }

  @Test
  void theLargeOptionalSideOfAnOuterJoinKeepsOnlyRowsThatCanMatch() {
    RelNode rel = TpchShapedCatalog.plan("""
        select p_partkey, count(l_orderkey) from part
        left join lineitem on l_partkey = p_partkey
        where p_brand = 'Brand#23' and p_container = 'MED BOX'
        group by p_partkey""");
    // The join orderer may put part on either side; lineitem is the optional input either way.
    Join outer = find(rel, JoinRelType.LEFT);
    RelNode optional = outer != null ? outer.getRight() : find(rel, JoinRelType.RIGHT).getLeft();
    String text = RelOptUtil.toString(optional);
    assertTrue(text.contains("lineitem") && text.contains("joinType=[semi]") && text.contains("'Brand#23'"),
        RelOptUtil.toString(rel));
  }

  @Test
  void smallInputsAreLeftAlone() {
    RelNode rel = TpchShapedCatalog.plan("""
        select n_name, c from nation,
          (select s_nationkey, count(*) as c from supplier group by s_nationkey) t
        where n_nationkey = t.s_nationkey and n_name = 'FRANCE'""");
    assertEquals(0, count(rel, JoinRelType.SEMI), RelOptUtil.toString(rel));
  }

  private static List<Join> semiJoinsBelowAggregates(RelNode rel) {
    List<Join> out = new ArrayList<>();
    if (rel instanceof Aggregate a && a.getInput() instanceof Join j && j.getJoinType() == JoinRelType.SEMI) {
      out.add(j);
    }
    for (RelNode input : rel.getInputs()) {
      out.addAll(semiJoinsBelowAggregates(input));
    }
    return out;
  }

  private static int count(RelNode rel, JoinRelType type) {
    int n = rel instanceof Join j && j.getJoinType() == type ? 1 : 0;
    for (RelNode input : rel.getInputs()) {
      n += count(input, type);
    }
    return n;
  }

  private static Join find(RelNode rel, JoinRelType type) {
    return (Join) PlanSearch.first(rel, r -> r instanceof Join j && j.getJoinType() == type);
  }
}
