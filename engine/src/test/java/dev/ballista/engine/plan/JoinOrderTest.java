package dev.ballista.engine.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ballista.engine.catalog.Catalog;
import dev.ballista.engine.catalog.TableDef;
import dev.ballista.engine.exec.scan.FileFormatKind;
import dev.ballista.engine.types.Column;
import dev.ballista.engine.types.DataType;
import dev.ballista.engine.types.RowSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Join;
import org.apache.calcite.rel.core.TableScan;
import org.junit.jupiter.api.Test;

/** Join orders chosen for TPC-H shaped schemas with scale factor 1 row counts and primary keys (no data needed). */
class JoinOrderTest {
  private static final Catalog CATALOG = new Catalog();

  static {
    table("region", 5, "r_regionkey", "r_regionkey", "r_name:v");
    table("nation", 25, "n_nationkey", "n_nationkey", "n_name:v", "n_regionkey");
    table("supplier", 10_000, "s_suppkey", "s_suppkey", "s_nationkey");
    table("customer", 150_000, "c_custkey", "c_custkey", "c_nationkey", "c_mktsegment:v");
    table("orders", 1_500_000, "o_orderkey", "o_orderkey", "o_custkey", "o_orderdate:d");
    table("lineitem", 6_001_215, "l_orderkey,l_linenumber", "l_orderkey", "l_linenumber", "l_suppkey",
        "l_price:b");
  }

  private static void table(String name, long rows, String key, String... columns) {
    List<Column> list = new ArrayList<>();
    for (String c : columns) {
      String[] parts = c.split(":");
      DataType type = parts.length == 1 || parts[1].equals("b") ? DataType.BIGINT
          : parts[1].equals("v") ? DataType.VARCHAR : DataType.DATE;
      list.add(Column.of(parts[0], type));
    }
    CATALOG.register(new TableDef("public", name, FileFormatKind.PARQUET, "/nowhere/" + name, List.of(),
        new RowSchema(list), rows, Map.of(TableDef.PRIMARY_KEY_OPTION, key)), false);
  }

  private static RelNode plan(String sql) {
    return new SqlPlanner(CATALOG).plan(sql, "public");
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
