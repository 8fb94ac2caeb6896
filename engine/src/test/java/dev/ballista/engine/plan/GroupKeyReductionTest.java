package dev.ballista.engine.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Aggregate;
import org.junit.jupiter.api.Test;

/** Which columns an aggregate over a join still groups by once a unique key of an input determines the rest. */
class GroupKeyReductionTest {
  @Test
  void theDecorrelatedSubqueryOfQ20GroupsByThePartsuppKeyAndReadsNoComment() {
    RelNode rel = TpchShapedCatalog.plan("""
        select ps_suppkey from partsupp
        where ps_partkey in (select p_partkey from part where p_brand like 'forest%')
          and ps_availqty > (select 0.5 * sum(l_quantity) from lineitem
                             where l_partkey = ps_partkey and l_suppkey = ps_suppkey)""");
    String plan = RelOptUtil.toString(rel);
    Aggregate sums = PlanSearch.first(rel, r -> r instanceof Aggregate a && !a.getAggCallList().isEmpty()
        && a.getAggCallList().get(0).getAggregation().getName().equals("SUM")) instanceof Aggregate a ? a : null;
    assertEquals(List.of("ps_partkey", "ps_suppkey"), groupNames(sums), plan);
    // The comment, carried by ANY_VALUE, is read by nothing above, so the trimmed plan projects it nowhere.
    assertFalse(plan.contains("ps_comment"), plan);
  }

  @Test
  void anInnerJoinKeyStandsInForThePartnerKey() {
    // TPC-H Q3's shape: grouped by lineitem's order key and two orders columns; o_orderkey = l_orderkey is unique
    // in orders, so the orders columns are carried, not grouped by.
    RelNode rel = TpchShapedCatalog.plan("""
        select l_orderkey, o_orderdate, o_custkey, sum(l_price)
        from lineitem, orders
        where l_orderkey = o_orderkey and l_quantity > 10
        group by l_orderkey, o_orderdate, o_custkey""");
    Aggregate aggregate = (Aggregate) PlanSearch.first(rel, Aggregate.class::isInstance);
    assertEquals(List.of("l_orderkey"), groupNames(aggregate), RelOptUtil.toString(rel));
    assertEquals(List.of("l_orderkey", "o_orderdate", "o_custkey", "EXPR$3"), rel.getRowType().getFieldNames());
  }

  @Test
  void textIsCarriedBeforeAKeyColumn() {
    // Both (c_custkey) and (c_name, c_custkey) identify a customer; the text column is the one to stop hashing.
    RelNode rel = TpchShapedCatalog.plan("""
        select c_name, c_custkey, o_orderkey, count(*) from customer, orders, lineitem
        where c_custkey = o_custkey and o_orderkey = l_orderkey and l_quantity > 30
        group by c_name, c_custkey, o_orderkey""");
    Aggregate aggregate = (Aggregate) PlanSearch.first(rel, Aggregate.class::isInstance);
    assertFalse(groupNames(aggregate).contains("c_name"), RelOptUtil.toString(rel));
    assertEquals(1, groupNames(aggregate).size(), RelOptUtil.toString(rel));
  }

  @Test
  void columnsOfANullExtendedInputStayGrouped() {
    // The right input of a left join is null-extended: its key does not determine its columns there.
    RelNode rel = TpchShapedCatalog.plan("""
        select o_orderkey, c_custkey, c_name, count(*) from orders left join customer on o_custkey = c_custkey
        group by o_orderkey, c_custkey, c_name""");
    Aggregate aggregate = (Aggregate) PlanSearch.first(rel, Aggregate.class::isInstance);
    String plan = RelOptUtil.toString(rel);
    assertEquals(List.of("o_orderkey"), groupNames(aggregate).subList(0, 1), plan);
    assertEquals(3, groupNames(aggregate).size(), plan);
  }

  @Test
  void aGroupingWithoutAKeyIsLeftAlone() {
    RelNode rel = TpchShapedCatalog.plan("""
        select o_orderdate, c_name, count(*) from orders, customer where o_custkey = c_custkey
        group by o_orderdate, c_name""");
    Aggregate aggregate = (Aggregate) PlanSearch.first(rel, Aggregate.class::isInstance);
    assertEquals(2, aggregate.getGroupCount(), RelOptUtil.toString(rel));
  }

  private static List<String> groupNames(Aggregate aggregate) {
    return aggregate.getGroupSet().asList().stream()
        .map(i -> aggregate.getInput().getRowType().getFieldNames().get(i)).toList();
  }
}
