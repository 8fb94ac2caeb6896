package dev.ballista.engine.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Filter;
import org.apache.calcite.rel.core.TableScan;
import org.junit.jupiter.api.Test;

/**
 * A disjunction over two tables yields a single-column predicate per table that every disjunct restricts, and the
 * planner pushes it below the join onto that table (TPC-H Q7's two nations); the disjunction stays above.
 */
class DisjunctionFactoringTest {
  @Test
  void eachNationIsFilteredBeforeTheJoins() {
    RelNode rel = TpchShapedCatalog.plan("""
        select count(*) from supplier, customer, nation n1, nation n2
        where s_nationkey = n1.n_nationkey and c_nationkey = n2.n_nationkey
          and ((n1.n_name = 'FRANCE' and n2.n_name = 'GERMANY') or (n1.n_name = 'GERMANY' and n2.n_name = 'FRANCE'))""");
    String plan = RelOptUtil.toString(rel);
    List<String> scanFilters = new ArrayList<>();
    collectFiltersOnScans(rel, scanFilters);
    assertEquals(2, scanFilters.size(), plan);
    for (String f : scanFilters) {
      // (name = 'FRANCE' OR name = 'GERMANY'), which Calcite writes as a search over the two values.
      assertTrue(f.contains("'FRANCE'") && f.contains("'GERMANY'"), plan);
    }
    // The original condition still decides which pairs qualify.
    assertTrue(plan.contains("OR(AND("), plan);
  }

  @Test
  void aColumnNotRestrictedInEveryDisjunctGetsNothing() {
    RelNode rel = TpchShapedCatalog.plan("""
        select count(*) from customer, nation
        where c_nationkey = n_nationkey and (n_name = 'FRANCE' or c_mktsegment = 'BUILDING')""");
    List<String> scanFilters = new ArrayList<>();
    collectFiltersOnScans(rel, scanFilters);
    assertEquals(List.of(), scanFilters, RelOptUtil.toString(rel));
  }

  private static void collectFiltersOnScans(RelNode rel, List<String> out) {
    if (rel instanceof Filter f && (f.getInput() instanceof TableScan
        || f.getInput() instanceof org.apache.calcite.rel.core.Project p && p.getInput() instanceof TableScan)) {
      out.add(f.getCondition().toString());
    }
    for (RelNode input : rel.getInputs()) {
      collectFiltersOnScans(input, out);
    }
  }
}
