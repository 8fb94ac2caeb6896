package dev.ballista.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ballista.engine.catalog.Catalog;
import dev.ballista.engine.exec.op.ValuesExec;
import dev.ballista.engine.types.Column;
import dev.ballista.engine.types.DataType;
import dev.ballista.engine.types.RowSchema;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** EXPLAIN answers the logical plan and the stages, for queries of every shape, ORDER BY included. */
class QueryPlannerExplainTest {
  private final QueryPlanner planner = new QueryPlanner(new Catalog());

  @Test
  void explainsAnOrderedGroupedQuery() {
    String plan = explain("""
        explain plan for select x, count(*) as c
        from (values (1), (2), (2)) as t(x)
        group by x
        order by x desc""");
    assertTrue(plan.contains("LogicalSort") && plan.contains("LogicalAggregate"), plan);
    assertTrue(plan.contains("Stage 1"), plan);
  }

  @Test
  void explainsWithAPlanOptionAndLowerOrUpperCase() {
    assertTrue(explain("EXPLAIN PLAN WITH IMPLEMENTATION FOR SELECT 1 ORDER BY 1").contains("LogicalValues"));
    assertTrue(explain("  explain plan for\nselect 2 as y").contains("LogicalValues"));
  }

  @Test
  void explainsABareExplainAsPostgresAndDuckDbTakeIt() {
    String plan = explain("EXPLAIN -- the plan of a sort\nselect x from (values (3), (1)) as t(x) order by x");
    assertTrue(plan.contains("LogicalSort") && plan.contains("Stage 1"), plan);
    assertTrue(explain("explain\tselect 1").contains("LogicalValues"));
    assertEquals(new RowSchema(List.of(Column.of("plan", DataType.VARCHAR))),
        planner.prepare("EXPLAIN SELECT 1", Catalog.DEFAULT_SCHEMA).result());
  }

  private String explain(String sql) {
    ValuesExec values = (ValuesExec) planner.plan(sql, Catalog.DEFAULT_SCHEMA, 2);
    return values.rows().stream().map(r -> String.valueOf(r.get(0))).collect(Collectors.joining("\n"));
  }
}
