package dev.ballista.engine.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.TableScan;
import org.junit.jupiter.api.Test;

/** Where the aggregate of a join with a unique key goes: below the join when exact and worth it, else above. */
class AggregateBelowKeyJoinTest {
  @Test
  void rowsAreSummedPerCustomerKeyBeforeTheCustomersAreJoined() {
    // TPC-H Q10's shape: grouped by customer columns, aggregating order values, every order has its customer.
    RelNode rel = TpchShapedCatalog.plan("""
        select c_custkey, c_name, c_mktsegment, count(*) as orders, max(o_orderdate) as latest
        from orders, customer
        where o_custkey = c_custkey
        group by c_custkey, c_name, c_mktsegment""");
    String plan = RelOptUtil.toString(rel);
    Aggregate aggregate = find(rel, Aggregate.class);
    assertEquals(1, aggregate.getGroupCount(), plan);
    assertEquals("[public, orders] ", tables(aggregate), plan);
    assertEquals(java.util.List.of("c_custkey", "c_name", "c_mktsegment", "orders", "latest"),
        rel.getRowType().getFieldNames());
  }

  @Test
  void aFilteredKeyedSideIsJoinedFirst() {
    // TPC-H Q3's shape: one market segment keeps a fifth of the customers, so the join removes most rows.
    RelNode rel = TpchShapedCatalog.plan("""
        select l_orderkey, o_orderdate, sum(l_price)
        from lineitem, orders, customer
        where l_orderkey = o_orderkey and o_custkey = c_custkey and c_mktsegment = 'BUILDING'
        group by l_orderkey, o_orderdate""");
    Aggregate aggregate = find(rel, Aggregate.class);
    assertTrue(tables(aggregate).contains("customer"), RelOptUtil.toString(rel));
  }

  @Test
  void aFunctionOfTheKeyedSideKeepsTheAggregateAbove() {
    RelNode rel = TpchShapedCatalog.plan("""
        select c_custkey, count(*), max(c_name) from orders, customer where o_custkey = c_custkey
        group by c_custkey""");
    Aggregate aggregate = find(rel, Aggregate.class);
    assertTrue(tables(aggregate).contains("customer"), RelOptUtil.toString(rel));
  }

  @Test
  void aGroupingWithoutTheJoinKeyKeepsTheAggregateAbove() {
    // Grouping by name alone merges customers of one name; summing per key first would not.
    RelNode rel = TpchShapedCatalog.plan("""
        select c_name, count(*) from orders, customer where o_custkey = c_custkey group by c_name""");
    Aggregate aggregate = find(rel, Aggregate.class);
    assertTrue(tables(aggregate).contains("customer"), RelOptUtil.toString(rel));
  }

  private static String tables(RelNode rel) {
    StringBuilder out = new StringBuilder();
    if (rel instanceof TableScan scan) {
      out.append(scan.getTable().getQualifiedName()).append(' ');
    }
    for (RelNode input : rel.getInputs()) {
      out.append(tables(input));
    }
    return out.toString();
  }

  private static <T> T find(RelNode rel, Class<T> type) {
    return type.cast(PlanSearch.first(rel, type::isInstance));
  }
}
