package dev.ballista.engine.plan;

import dev.ballista.engine.catalog.Catalog;
import dev.ballista.engine.catalog.TableDef;
import dev.ballista.engine.exec.scan.FileFormatKind;
import dev.ballista.engine.types.Column;
import dev.ballista.engine.types.DataType;
import dev.ballista.engine.types.RowSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A catalog of TPC-H shaped tables with scale factor 1 row counts and primary keys, for planning tests (no files). */
final class TpchShapedCatalog {
  private TpchShapedCatalog() {}

  static final Catalog CATALOG = new Catalog();

  static {
    table("region", 5, "r_regionkey", "r_regionkey", "r_name:v");
    table("nation", 25, "n_nationkey", "n_nationkey", "n_name:v", "n_regionkey");
    table("supplier", 10_000, "s_suppkey", "s_suppkey", "s_nationkey");
    table("customer", 150_000, "c_custkey", "c_custkey", "c_nationkey", "c_mktsegment:v", "c_name:v");
    table("orders", 1_500_000, "o_orderkey", "o_orderkey", "o_custkey", "o_orderdate:d");
    table("part", 200_000, "p_partkey", "p_partkey", "p_brand:v", "p_container:v");
    table("partsupp", 800_000, "ps_partkey,ps_suppkey", "ps_partkey", "ps_suppkey", "ps_availqty",
        "ps_comment:v");
    table("lineitem", 6_001_215, "l_orderkey,l_linenumber", "l_orderkey", "l_linenumber", "l_suppkey",
        "l_price:b", "l_commitdate:d", "l_receiptdate:d", "l_partkey", "l_quantity:b");
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

  static org.apache.calcite.rel.RelNode plan(String sql) {
    return new SqlPlanner(CATALOG).plan(sql, "public");
  }
}
