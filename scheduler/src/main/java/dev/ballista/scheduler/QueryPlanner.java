package dev.ballista.scheduler;

import dev.ballista.engine.ErrorCode;
import dev.ballista.engine.QueryException;
import dev.ballista.engine.catalog.Catalog;
import dev.ballista.engine.ddl.DdlParser;
import dev.ballista.engine.ddl.DdlRunner;
import dev.ballista.engine.ddl.DdlStatement;
import dev.ballista.engine.dist.DistributedPlanner;
import dev.ballista.engine.dist.QueryStage;
import dev.ballista.engine.exec.ExecutionPlan;
import dev.ballista.engine.exec.op.ValuesExec;
import dev.ballista.engine.plan.PhysicalPlanner;
import dev.ballista.engine.plan.SqlPlanner;
import dev.ballista.engine.types.Column;
import dev.ballista.engine.types.DataType;
import dev.ballista.engine.types.RowSchema;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.sql.SqlExplain;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;

/** Turns a statement into a physical plan; EXPLAIN becomes a one-column plan of its own text. */
final class QueryPlanner {
  private final Catalog catalog;

  QueryPlanner(Catalog catalog) {
    this.catalog = catalog;
  }

  ExecutionPlan plan(String sql, String defaultSchema, int targetPartitions) {
    return plan(sql, defaultSchema, targetPartitions, List.of());
  }

  /**
   * The result columns and the '?' parameter types of a statement, without binding or running it; {@code isQuery}
   * is false for statements that answer no rows (catalog changes), whose result has no columns.
   */
  record Prepared(RowSchema result, RowSchema parameters, boolean isQuery) {
    Prepared(RowSchema result, RowSchema parameters) {
      this(result, parameters, true);
    }
  }

  private static final RowSchema NO_COLUMNS = new RowSchema(List.of());

  Prepared prepare(String sql, String defaultSchema) {
    sql = withPlanFor(sql);
    String analyzed = ExplainAnalyze.query(sql);
    if (analyzed != null) {
      return new Prepared(ExplainAnalyze.SCHEMA, prepare(analyzed, defaultSchema).parameters());
    }
    DdlStatement ddl = DdlParser.parse(sql);
    if (ddl != null) {
      RowSchema rows = DdlRunner.resultSchema(ddl);
      return rows == null ? new Prepared(NO_COLUMNS, NO_COLUMNS, false) : new Prepared(rows, NO_COLUMNS);
    }
    SqlNode statement = SqlPlanner.parse(sql);
    if (statement instanceof SqlExplain) {
      return new Prepared(new RowSchema(List.of(Column.of("plan", DataType.VARCHAR))), NO_COLUMNS);
    }
    if (!statement.isA(SqlKind.QUERY)) {
      throw new QueryException(ErrorCode.NOT_SUPPORTED, statement.getKind() + " statements are not supported yet");
    }
    RelNode rel = new SqlPlanner(catalog).plan(sql, defaultSchema);
    java.util.TreeMap<Integer, Column> params = new java.util.TreeMap<>();
    rel.accept(new org.apache.calcite.rel.RelHomogeneousShuttle() {
      @Override
      public RelNode visit(RelNode other) {
        other.accept(new org.apache.calcite.rex.RexShuttle() {
          @Override
          public org.apache.calcite.rex.RexNode visitDynamicParam(org.apache.calcite.rex.RexDynamicParam p) {
            params.put(p.getIndex(), Column.of("$" + (p.getIndex() + 1),
                dev.ballista.engine.plan.TypeMapping.toDataType(p.getType())));
            return p;
          }
        });
        return super.visit(other);
      }
    });
    return new Prepared(dev.ballista.engine.plan.TypeMapping.toRowSchema(rel.getRowType()),
        new RowSchema(new ArrayList<>(params.values())));
  }

  /**
   * Runs {@code sql} now if it is a catalog statement (CREATE, DROP, SHOW, DESCRIBE): null when it is not, else
   * its result (rows, or none for a change to the catalog, which is made by this call).
   */
  DdlRunner.Result runCatalogStatement(String sql, String defaultSchema) {
    DdlStatement ddl = DdlParser.parse(sql);
    return ddl == null ? null : new DdlRunner(catalog).run(ddl, defaultSchema);
  }

  ExecutionPlan plan(String sql, String defaultSchema, int targetPartitions, List<Object> parameters) {
    sql = withPlanFor(sql);
    if (DdlParser.parse(sql) != null) {
      throw new QueryException(ErrorCode.NOT_SUPPORTED,
          "EXPLAIN ANALYZE takes a query, not a catalog statement (CREATE, DROP, SHOW, DESCRIBE)");
    }
    SqlNode statement = SqlPlanner.parse(sql);
    SqlPlanner planner = new SqlPlanner(catalog);
    if (statement instanceof SqlExplain explain) {
      String inner = explain.getExplicandum().toString();
      RelNode rel = planner.plan(sqlOf(sql, explain), defaultSchema);
      ExecutionPlan physical = new PhysicalPlanner(targetPartitions).plan(rel);
      List<List<Object>> rows = new ArrayList<>();
      for (String line : (SqlPlanner.explain(rel) + "\n" + describeStages(physical)).split("\n")) {
        rows.add(List.of(line));
      }
      return new ValuesExec(new RowSchema(List.of(Column.of("plan", DataType.VARCHAR))), rows);
    }
    if (!statement.isA(SqlKind.QUERY)) {
      throw new QueryException(ErrorCode.NOT_SUPPORTED, statement.getKind() + " statements are not supported yet");
    }
    return new PhysicalPlanner(targetPartitions, parameters).plan(planner.plan(sql, defaultSchema));
  }

  /** The statement after EXPLAIN [PLAN FOR], from the original text so positions stay meaningful. */
  private static String sqlOf(String sql, SqlExplain explain) {
    // Calcite places an ORDER BY query at its ORDER BY keyword, so the text is cut after EXPLAIN PLAN ... FOR.
    java.util.regex.Matcher prefix = EXPLAIN_PREFIX.matcher(sql);
    return prefix.find() ? sql.substring(prefix.end()) : explain.getExplicandum().toString();
  }

  /** A bare {@code EXPLAIN query}, as PostgreSQL, DuckDB and Trino take it (Calcite wants EXPLAIN PLAN FOR). */
  private static final java.util.regex.Pattern BARE_EXPLAIN =
      java.util.regex.Pattern.compile("(?is)^(\\s*explain)\\s+(?!plan\\b|analyze\\b)");

  private static String withPlanFor(String sql) {
    java.util.regex.Matcher bare = BARE_EXPLAIN.matcher(sql);
    return bare.lookingAt() ? bare.group(1) + " PLAN FOR " + sql.substring(bare.end()) : sql;
  }

  private static final java.util.regex.Pattern EXPLAIN_PREFIX =
      java.util.regex.Pattern.compile("(?is)^\\s*explain\\s+plan\\b.*?\\bfor\\s+");

  private static String describeStages(ExecutionPlan physical) {
    StringBuilder sb = new StringBuilder();
    for (QueryStage stage : DistributedPlanner.plan("explain", physical)) {
      sb.append("Stage ").append(stage.stageId()).append(" (").append(stage.taskCount()).append(" tasks)")
          .append(stage.isFinal() ? " final" : "").append(":\n");
      for (String line : DistributedPlanner.explain(stage.plan()).split("\n")) {
        sb.append("  ").append(line).append('\n');
      }
    }
    return sb.toString();
  }
}
