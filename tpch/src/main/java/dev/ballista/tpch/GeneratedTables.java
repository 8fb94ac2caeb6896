package dev.ballista.tpch;

import io.trino.tpch.Customer;
import io.trino.tpch.LineItem;
import io.trino.tpch.Nation;
import io.trino.tpch.Order;
import io.trino.tpch.Part;
import io.trino.tpch.PartSupplier;
import io.trino.tpch.Region;
import io.trino.tpch.Supplier;
import io.trino.tpch.TpchTable;
import java.util.List;

/**
 * The eight tables bound to io.trino.tpch's generators, columns in {@link TpchSchema} order. Sizes at scale factor
 * 1 are the TPC-H cardinalities; bytes per row were measured on the written Parquet files at scale factor 1.
 */
final class GeneratedTables {
  static final GeneratedTable<Nation> NATION = new GeneratedTable<>(TpchSchema.NATION, TpchTable.NATION, List.of(
      new EntityColumn.Int64<>("n_nationkey", Nation::nationKey),
      new EntityColumn.Text<>("n_name", Nation::name),
      new EntityColumn.Int64<>("n_regionkey", Nation::regionKey),
      new EntityColumn.Text<>("n_comment", Nation::comment)),
      25, false, 1, 150);

  static final GeneratedTable<Region> REGION = new GeneratedTable<>(TpchSchema.REGION, TpchTable.REGION, List.of(
      new EntityColumn.Int64<>("r_regionkey", Region::regionKey),
      new EntityColumn.Text<>("r_name", Region::name),
      new EntityColumn.Text<>("r_comment", Region::comment)),
      5, false, 1, 280);

  static final GeneratedTable<Part> PART = new GeneratedTable<>(TpchSchema.PART, TpchTable.PART, List.of(
      new EntityColumn.Int64<>("p_partkey", Part::partKey),
      new EntityColumn.Text<>("p_name", Part::name),
      new EntityColumn.Text<>("p_mfgr", Part::manufacturer),
      new EntityColumn.Text<>("p_brand", Part::brand),
      new EntityColumn.Text<>("p_type", Part::type),
      new EntityColumn.Int32<>("p_size", Part::size),
      new EntityColumn.Text<>("p_container", Part::container),
      new EntityColumn.Cents<>("p_retailprice", Part::retailPriceInCents),
      new EntityColumn.Text<>("p_comment", Part::comment)),
      200_000, true, 1, 72);

  static final GeneratedTable<Supplier> SUPPLIER = new GeneratedTable<>(TpchSchema.SUPPLIER, TpchTable.SUPPLIER,
      List.of(
          new EntityColumn.Int64<>("s_suppkey", Supplier::supplierKey),
          new EntityColumn.Text<>("s_name", Supplier::name),
          new EntityColumn.Text<>("s_address", Supplier::address),
          new EntityColumn.Int64<>("s_nationkey", Supplier::nationKey),
          new EntityColumn.Text<>("s_phone", Supplier::phone),
          new EntityColumn.Cents<>("s_acctbal", Supplier::accountBalanceInCents),
          new EntityColumn.Text<>("s_comment", Supplier::comment)),
      10_000, true, 1, 163);

  static final GeneratedTable<PartSupplier> PARTSUPP = new GeneratedTable<>(TpchSchema.PARTSUPP,
      TpchTable.PART_SUPPLIER, List.of(
          new EntityColumn.Int64<>("ps_partkey", PartSupplier::partKey),
          new EntityColumn.Int64<>("ps_suppkey", PartSupplier::supplierKey),
          new EntityColumn.Int32<>("ps_availqty", PartSupplier::availableQuantity),
          new EntityColumn.Cents<>("ps_supplycost", PartSupplier::supplyCostInCents),
          new EntityColumn.Text<>("ps_comment", PartSupplier::comment)),
      200_000, true, 4, 147);

  static final GeneratedTable<Customer> CUSTOMER = new GeneratedTable<>(TpchSchema.CUSTOMER, TpchTable.CUSTOMER,
      List.of(
          new EntityColumn.Int64<>("c_custkey", Customer::customerKey),
          new EntityColumn.Text<>("c_name", Customer::name),
          new EntityColumn.Text<>("c_address", Customer::address),
          new EntityColumn.Int64<>("c_nationkey", Customer::nationKey),
          new EntityColumn.Text<>("c_phone", Customer::phone),
          new EntityColumn.Cents<>("c_acctbal", Customer::accountBalanceInCents),
          new EntityColumn.Text<>("c_mktsegment", Customer::marketSegment),
          new EntityColumn.Text<>("c_comment", Customer::comment)),
      150_000, true, 1, 173);

  static final GeneratedTable<Order> ORDERS = new GeneratedTable<>(TpchSchema.ORDERS, TpchTable.ORDERS, List.of(
      new EntityColumn.Int64<>("o_orderkey", Order::orderKey),
      new EntityColumn.Int64<>("o_custkey", Order::customerKey),
      new EntityColumn.Text<>("o_orderstatus", o -> String.valueOf(o.orderStatus())),
      new EntityColumn.Cents<>("o_totalprice", Order::totalPriceInCents),
      new EntityColumn.EpochDay<>("o_orderdate", Order::orderDate),
      new EntityColumn.Text<>("o_orderpriority", Order::orderPriority),
      new EntityColumn.Text<>("o_clerk", Order::clerk),
      new EntityColumn.Int32<>("o_shippriority", Order::shipPriority),
      new EntityColumn.Text<>("o_comment", Order::comment)),
      1_500_000, true, 1, 85);

  static final GeneratedTable<LineItem> LINEITEM = new GeneratedTable<>(TpchSchema.LINEITEM, TpchTable.LINE_ITEM,
      List.of(
          new EntityColumn.Int64<>("l_orderkey", LineItem::orderKey),
          new EntityColumn.Int64<>("l_partkey", LineItem::partKey),
          new EntityColumn.Int64<>("l_suppkey", LineItem::supplierKey),
          new EntityColumn.Int32<>("l_linenumber", LineItem::lineNumber),
          // The generator's quantity is a whole number of units.
          new EntityColumn.Cents<>("l_quantity", l -> l.quantity() * 100),
          new EntityColumn.Cents<>("l_extendedprice", LineItem::extendedPriceInCents),
          new EntityColumn.Cents<>("l_discount", LineItem::discountPercent),
          new EntityColumn.Cents<>("l_tax", LineItem::taxPercent),
          new EntityColumn.Text<>("l_returnflag", LineItem::returnFlag),
          new EntityColumn.Text<>("l_linestatus", LineItem::status),
          new EntityColumn.EpochDay<>("l_shipdate", LineItem::shipDate),
          new EntityColumn.EpochDay<>("l_commitdate", LineItem::commitDate),
          new EntityColumn.EpochDay<>("l_receiptdate", LineItem::receiptDate),
          new EntityColumn.Text<>("l_shipinstruct", LineItem::shipInstructions),
          new EntityColumn.Text<>("l_shipmode", LineItem::shipMode),
          new EntityColumn.Text<>("l_comment", LineItem::comment)),
      1_500_000, true, 4, 67);

  /** Largest first, so parallel generation starts the long tasks early. */
  static final List<GeneratedTable<?>> ALL =
      List.of(LINEITEM, ORDERS, PARTSUPP, CUSTOMER, PART, SUPPLIER, NATION, REGION);

  private GeneratedTables() {}
}
