package dev.ballista.tpch;

import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The eight TPC-H tables and their Arrow schemas: keys BIGINT, integers INT, money and quantities
 * DECIMAL(15,2), dates DATE (days), text and flags UTF8. No column holds nulls, so every field is non-nullable.
 */
public final class TpchSchema {
  public static final String NATION = "nation";
  public static final String REGION = "region";
  public static final String PART = "part";
  public static final String SUPPLIER = "supplier";
  public static final String PARTSUPP = "partsupp";
  public static final String CUSTOMER = "customer";
  public static final String ORDERS = "orders";
  public static final String LINEITEM = "lineitem";

  /** All table names, in the order of the TPC-H specification. */
  public static final List<String> TABLES =
      List.of(NATION, REGION, PART, SUPPLIER, PARTSUPP, CUSTOMER, ORDERS, LINEITEM);

  private static final ArrowType BIGINT = new ArrowType.Int(64, true);
  private static final ArrowType INT = new ArrowType.Int(32, true);
  private static final ArrowType DECIMAL = new ArrowType.Decimal(15, 2, 128);
  private static final ArrowType DATE = new ArrowType.Date(DateUnit.DAY);
  private static final ArrowType VARCHAR = ArrowType.Utf8.INSTANCE;

  private static final Map<String, Schema> SCHEMAS = Map.of(
      NATION, schema(
          field("n_nationkey", BIGINT),
          field("n_name", VARCHAR),
          field("n_regionkey", BIGINT),
          field("n_comment", VARCHAR)),
      REGION, schema(
          field("r_regionkey", BIGINT),
          field("r_name", VARCHAR),
          field("r_comment", VARCHAR)),
      PART, schema(
          field("p_partkey", BIGINT),
          field("p_name", VARCHAR),
          field("p_mfgr", VARCHAR),
          field("p_brand", VARCHAR),
          field("p_type", VARCHAR),
          field("p_size", INT),
          field("p_container", VARCHAR),
          field("p_retailprice", DECIMAL),
          field("p_comment", VARCHAR)),
      SUPPLIER, schema(
          field("s_suppkey", BIGINT),
          field("s_name", VARCHAR),
          field("s_address", VARCHAR),
          field("s_nationkey", BIGINT),
          field("s_phone", VARCHAR),
          field("s_acctbal", DECIMAL),
          field("s_comment", VARCHAR)),
      PARTSUPP, schema(
          field("ps_partkey", BIGINT),
          field("ps_suppkey", BIGINT),
          field("ps_availqty", INT),
          field("ps_supplycost", DECIMAL),
          field("ps_comment", VARCHAR)),
      CUSTOMER, schema(
          field("c_custkey", BIGINT),
          field("c_name", VARCHAR),
          field("c_address", VARCHAR),
          field("c_nationkey", BIGINT),
          field("c_phone", VARCHAR),
          field("c_acctbal", DECIMAL),
          field("c_mktsegment", VARCHAR),
          field("c_comment", VARCHAR)),
      ORDERS, schema(
          field("o_orderkey", BIGINT),
          field("o_custkey", BIGINT),
          field("o_orderstatus", VARCHAR),
          field("o_totalprice", DECIMAL),
          field("o_orderdate", DATE),
          field("o_orderpriority", VARCHAR),
          field("o_clerk", VARCHAR),
          field("o_shippriority", INT),
          field("o_comment", VARCHAR)),
      LINEITEM, schema(
          field("l_orderkey", BIGINT),
          field("l_partkey", BIGINT),
          field("l_suppkey", BIGINT),
          field("l_linenumber", INT),
          field("l_quantity", DECIMAL),
          field("l_extendedprice", DECIMAL),
          field("l_discount", DECIMAL),
          field("l_tax", DECIMAL),
          field("l_returnflag", VARCHAR),
          field("l_linestatus", VARCHAR),
          field("l_shipdate", DATE),
          field("l_commitdate", DATE),
          field("l_receiptdate", DATE),
          field("l_shipinstruct", VARCHAR),
          field("l_shipmode", VARCHAR),
          field("l_comment", VARCHAR)));

  private TpchSchema() {}

  /** The Arrow schema of one table; throws {@link IllegalArgumentException} for a name not in {@link #TABLES}. */
  public static Schema schema(String table) {
    Schema schema = SCHEMAS.get(table);
    if (schema == null) {
      throw new IllegalArgumentException("not a TPC-H table: '" + table + "' (tables: " + TABLES + ")");
    }
    return schema;
  }

  private static Schema schema(Field... fields) {
    return new Schema(List.of(fields));
  }

  private static Field field(String name, ArrowType type) {
    return new Field(name, FieldType.notNullable(type), null);
  }
}
