package dev.ballista.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ballista.engine.catalog.Catalog;
import dev.ballista.engine.catalog.TableDef;
import dev.ballista.engine.exec.ExecutionPlan;
import dev.ballista.engine.exec.op.FilterExec;
import dev.ballista.engine.exec.op.ProjectExec;
import dev.ballista.engine.exec.scan.FileFormatKind;
import dev.ballista.engine.plan.PhysicalPlanner;
import dev.ballista.engine.plan.SqlPlanner;
import dev.ballista.engine.types.Column;
import dev.ballista.engine.types.DataType;
import dev.ballista.engine.types.RowSchema;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The benchmarks build expressions by hand; these tests plan the same SQL over a table of the same columns and
 * check the planner produces exactly those expressions, so the benchmarks measure what queries run.
 */
class PlannerParityTest {
  private static final DataType PRICE = DataType.decimal(15, 2);

  @Test
  void filterPredicatesMatchThePlanner() {
    RowSchema lineitem = new RowSchema(List.of(new Column("k", DataType.BIGINT, false),
        new Column("l_shipdate", DataType.DATE, false), new Column("l_extendedprice", PRICE, false)));
    assertEquals(FilterBenchmark.bigintLessThanHalf(),
        find(plan(lineitem, "SELECT * FROM t WHERE k < 500000000"), FilterExec.class).predicate());
    assertEquals(FilterBenchmark.shipdateIn1994(), find(plan(lineitem,
        "SELECT * FROM t WHERE l_shipdate >= DATE '1994-01-01' AND l_shipdate < DATE '1995-01-01'"),
        FilterExec.class).predicate());
  }

  @Test
  void multiConjunctFilterMatchesThePlanner() {
    RowSchema shipments = new RowSchema(List.of(new Column("l_quantity", PRICE, false),
        new Column("l_shipmode", DataType.VARCHAR, false), new Column("l_shipinstruct", DataType.VARCHAR, false),
        new Column("l_extendedprice", PRICE, false), new Column("l_shipdate", DataType.DATE, false),
        new Column("l_discount", PRICE, false)));
    assertEquals(FilterBenchmark.shipModeInstructQuantity(), find(plan(shipments,
        "SELECT * FROM t WHERE l_shipmode IN ('AIR', 'REG AIR') AND l_shipinstruct = 'DELIVER IN PERSON'"
            + " AND l_quantity <= 11"), FilterExec.class).predicate());
    assertEquals(FilterBenchmark.q6Predicate(), find(plan(shipments,
        "SELECT * FROM t WHERE l_shipdate >= DATE '1994-01-01' AND l_shipdate < DATE '1995-01-01'"
            + " AND l_discount >= 0.05 AND l_discount <= 0.07 AND l_quantity < 24"), FilterExec.class).predicate());
  }

  @Test
  void decimalProjectionMatchesThePlanner() {
    RowSchema lineitem = new RowSchema(List.of(new Column("l_extendedprice", PRICE, false),
        new Column("l_discount", PRICE, false)));
    assertEquals(List.of(ProjectionBenchmark.discountedPrice()), find(plan(lineitem,
        "SELECT l_extendedprice * (1 - l_discount) FROM t"), ProjectExec.class).expressions());
  }

  /** Plans {@code sql} over table t (no files are read: planning needs only the schema and a row count). */
  private static ExecutionPlan plan(RowSchema schema, String sql) {
    Catalog catalog = new Catalog();
    catalog.register(new TableDef(Catalog.DEFAULT_SCHEMA, "t", FileFormatKind.PARQUET, "/nonexistent",
        List.of("/nonexistent/t.parquet"), schema, 4_000_000, Map.of()), false);
    return new PhysicalPlanner(1).plan(new SqlPlanner(catalog).plan(sql, Catalog.DEFAULT_SCHEMA));
  }

  private static <T extends ExecutionPlan> T find(ExecutionPlan plan, Class<T> kind) {
    if (kind.isInstance(plan)) {
      return kind.cast(plan);
    }
    for (ExecutionPlan child : plan.children()) {
      T found = find(child, kind);
      if (found != null) {
        return found;
      }
    }
    return null;
  }
}
