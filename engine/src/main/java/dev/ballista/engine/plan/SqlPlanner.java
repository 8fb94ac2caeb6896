package dev.ballista.engine.plan;

import dev.ballista.engine.ErrorCode;
import dev.ballista.engine.QueryException;
import dev.ballista.engine.catalog.Catalog;
import dev.ballista.engine.catalog.ViewDef;
import dev.ballista.engine.types.RowSchema;
import java.util.List;
import org.apache.calcite.avatica.util.Casing;
import org.apache.calcite.avatica.util.Quoting;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.plan.hep.HepMatchOrder;
import org.apache.calcite.plan.hep.HepPlanner;
import org.apache.calcite.plan.hep.HepProgram;
import org.apache.calcite.plan.hep.HepProgramBuilder;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.RelFactories;
import org.apache.calcite.rel.rules.CoreRules;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.runtime.CalciteContextException;
import org.apache.calcite.schema.SchemaPlus;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParser;
import org.apache.calcite.sql.validate.SqlConformanceEnum;
import org.apache.calcite.sql2rel.RelDecorrelator;
import org.apache.calcite.sql2rel.RelFieldTrimmer;
import org.apache.calcite.sql2rel.SqlToRelConverter;
import org.apache.calcite.tools.FrameworkConfig;
import org.apache.calcite.tools.Frameworks;
import org.apache.calcite.tools.Planner;
import org.apache.calcite.tools.RelBuilder;
import org.apache.calcite.tools.ValidationException;

/**
 * SQL text to an optimized logical plan with Calcite: parse, validate, convert, remove subqueries and decorrelate,
 * then rule passes for constant folding, predicate pushdown and join ordering, and field trimming last so every
 * scan reads only the columns used. Errors come back as {@link QueryException}s with line and column.
 */
public final class SqlPlanner {
  private static final SqlParser.Config PARSER_CONFIG = SqlParser.config()
      .withQuoting(Quoting.DOUBLE_QUOTE)
      .withUnquotedCasing(Casing.TO_LOWER)
      .withQuotedCasing(Casing.UNCHANGED)
      .withCaseSensitive(false)
      .withConformance(SqlConformanceEnum.LENIENT);

  /** AVG, STDDEV and VAR become SUM/COUNT arithmetic; SUM stays (the engine sums NULL-aware itself). */
  private static final org.apache.calcite.plan.RelOptRule REDUCE_AVG_AND_VARIANCE =
      org.apache.calcite.rel.rules.AggregateReduceFunctionsRule.Config.DEFAULT
          .withFunctionsToReduce(java.util.EnumSet.of(org.apache.calcite.sql.SqlKind.AVG,
              org.apache.calcite.sql.SqlKind.STDDEV_POP, org.apache.calcite.sql.SqlKind.STDDEV_SAMP,
              org.apache.calcite.sql.SqlKind.VAR_POP, org.apache.calcite.sql.SqlKind.VAR_SAMP))
          .toRule();

  private static final int HEP_MATCH_LIMIT = 5_000;

  private final Catalog catalog;

  public SqlPlanner(Catalog catalog) {
    this.catalog = catalog;
  }

  /** Parses one statement, for callers that dispatch on its kind (queries, DDL). */
  public static SqlNode parse(String sql) {
    try {
      return SqlParser.create(sql, PARSER_CONFIG).parseStmt();
    } catch (SqlParseException e) {
      throw syntaxError(e);
    }
  }

  static QueryException syntaxError(SqlParseException e) {
    String message = e.getMessage();
    int cut = message.indexOf("\nWas expecting");
    if (cut > 0) {
      message = message.substring(0, cut).trim();
    }
    message = message.replaceFirst("^Encountered (.*) at line \\d+, column \\d+\\.?", "syntax error at or near $1");
    return new QueryException(ErrorCode.SYNTAX_ERROR, message,
        e.getPos() == null ? 0 : e.getPos().getLineNum(), e.getPos() == null ? 0 : e.getPos().getColumnNum(), e);
  }

  private FrameworkConfig config(String defaultSchema) {
    SchemaPlus root = Frameworks.createRootSchema(false);
    CatalogSchemaAdapter.addTo(root, catalog);
    SchemaPlus schema = root.getSubSchema(defaultSchema == null || defaultSchema.isEmpty()
        ? Catalog.DEFAULT_SCHEMA : defaultSchema.toLowerCase());
    if (schema == null) {
      throw new QueryException(ErrorCode.SCHEMA_NOT_FOUND, "schema " + defaultSchema + " does not exist");
    }
    return Frameworks.newConfigBuilder()
        .defaultSchema(schema)
        .parserConfig(PARSER_CONFIG)
        .typeSystem(BallistaTypeSystem.INSTANCE)
        .operatorTable(BallistaFunctions.TABLE)
        .sqlValidatorConfig(org.apache.calcite.sql.validate.SqlValidator.Config.DEFAULT
            .withTypeCoercionFactory(BallistaTypeCoercion::new))
        .executor(CachingRexExecutor.INSTANCE)
        .sqlToRelConverterConfig(SqlToRelConverter.config().withExpand(false).withTrimUnusedFields(false))
        .build();
  }

  /** The optimized logical plan of a query. */
  public RelNode plan(String sql, String defaultSchema) {
    Planner planner = Frameworks.getPlanner(config(defaultSchema));
    try {
      SqlNode parsed = planner.parse(sql);
      SqlNode validated = planner.validate(parsed);
      RelNode rel = planner.rel(validated).project();
      return optimize(rel);
    } catch (SqlParseException e) {
      throw syntaxError(e);
    } catch (ValidationException e) {
      throw validationError(e);
    } catch (CalciteContextException e) {
      throw validationError(e);
    } catch (QueryException e) {
      throw e;
    } catch (org.apache.calcite.tools.RelConversionException | RuntimeException e) {
      for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
        if (c instanceof QueryException q) {
          throw q; // from expanding a view
        }
      }
      throw new QueryException(ErrorCode.INTERNAL, "planning failed: " + e.getMessage(), e);
    } finally {
      planner.close();
    }
  }

  /** Views whose columns are being worked out on this thread: one met again refers to itself. */
  private static final ThreadLocal<java.util.Set<String>> EXPANDING =
      ThreadLocal.withInitial(java.util.HashSet::new);

  /**
   * The columns of a view's query, validated (not planned) against the catalog as it is now. {@code sql} is the
   * query's text (with blanks before it, its errors point into the CREATE VIEW statement). Fails with
   * VALIDATION_ERROR when the query refers back to the view, directly or through other views, and with
   * NOT_SUPPORTED when it is not a query.
   */
  public RowSchema viewColumns(ViewDef view, String sql) {
    String key = view.qualifiedName().toLowerCase(java.util.Locale.ROOT);
    java.util.Set<String> expanding = EXPANDING.get();
    if (!expanding.add(key)) {
      throw new QueryException(ErrorCode.VALIDATION_ERROR, "view " + view.qualifiedName() + " refers to itself");
    }
    Planner planner = Frameworks.getPlanner(config(view.defaultSchema()));
    try {
      SqlNode parsed = planner.parse(sql);
      if (!parsed.isA(SqlKind.QUERY)) {
        throw new QueryException(ErrorCode.NOT_SUPPORTED, "a view must be a query, not " + parsed.getKind(),
            parsed.getParserPosition().getLineNum(), parsed.getParserPosition().getColumnNum(), null);
      }
      return TypeMapping.toRowSchema(planner.validateAndGetType(parsed).getValue());
    } catch (SqlParseException e) {
      throw syntaxError(e);
    } catch (ValidationException e) {
      throw validationError(e);
    } catch (CalciteContextException e) {
      throw validationError(e);
    } finally {
      planner.close();
      expanding.remove(key);
    }
  }

  /** The result row type of a query without optimizing it (prepared statements need only this). */
  public RelDataType resultType(String sql, String defaultSchema) {
    return plan(sql, defaultSchema).getRowType();
  }

  private static QueryException validationError(Throwable e) {
    // A view's own error (thrown from inside Calcite's validator) is the user's error as it is.
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (c instanceof QueryException q) {
        return q;
      }
    }
    Throwable t = e;
    while (t != null && !(t instanceof CalciteContextException)) {
      t = t.getCause();
    }
    if (t instanceof CalciteContextException c) {
      String message = c.getCause() != null && c.getCause().getMessage() != null ? c.getCause().getMessage()
          : c.getMessage();
      ErrorCode code = ErrorCode.VALIDATION_ERROR;
      if (message.startsWith("Object '") && message.contains("not found")) {
        code = ErrorCode.TABLE_NOT_FOUND;
        message = message.replaceFirst("^Object '([^']*)' not found within '([^']*)'.*", "table '$2.$1' does not exist")
            .replaceFirst("^Object '([^']*)' not found.*", "table '$1' does not exist");
      } else if (message.startsWith("Column '") && message.contains("not found")) {
        code = ErrorCode.COLUMN_NOT_FOUND;
      } else if (message.startsWith("Cannot apply") || message.contains("type")) {
        code = ErrorCode.TYPE_MISMATCH;
      }
      return new QueryException(code, message, c.getPosLine(), c.getPosColumn(), e);
    }
    return new QueryException(ErrorCode.VALIDATION_ERROR, e.getMessage(), e);
  }

  static RelNode optimize(RelNode rel) {
    List<String> names = rel.getRowType().getFieldNames();
    RelBuilder builder = RelFactories.LOGICAL_BUILDER.create(rel.getCluster(), null);
    rel = ExistsToSemiJoin.rewrite(rel);
    rel = run(rel, program(List.of(
        CoreRules.FILTER_SUB_QUERY_TO_CORRELATE,
        CoreRules.PROJECT_SUB_QUERY_TO_CORRELATE,
        CoreRules.JOIN_SUB_QUERY_TO_CORRELATE)));
    rel = RelDecorrelator.decorrelateQuery(rel, builder);
    rel = DisjunctionFactoring.rewrite(rel);
    rel = run(rel, program(List.of(
        CoreRules.FILTER_REDUCE_EXPRESSIONS,
        CoreRules.PROJECT_REDUCE_EXPRESSIONS,
        CoreRules.FILTER_INTO_JOIN,
        CoreRules.JOIN_CONDITION_PUSH,
        CoreRules.FILTER_AGGREGATE_TRANSPOSE,
        CoreRules.FILTER_PROJECT_TRANSPOSE,
        CoreRules.FILTER_MERGE,
        CoreRules.PROJECT_MERGE,
        CoreRules.PROJECT_REMOVE,
        CoreRules.AGGREGATE_PROJECT_MERGE,
        REDUCE_AVG_AND_VARIANCE,
        CoreRules.AGGREGATE_EXPAND_DISTINCT_AGGREGATES_TO_JOIN,
        CoreRules.UNION_TO_DISTINCT,
        // INTERSECT and EXCEPT (without ALL) become UNION ALL and an aggregate with counts filtered per input.
        CoreRules.INTERSECT_TO_DISTINCT,
        CoreRules.MINUS_TO_DISTINCT)));
    rel = run(rel, program(List.of(CoreRules.JOIN_TO_MULTI_JOIN, CoreRules.PROJECT_MULTI_JOIN_MERGE,
        CoreRules.FILTER_MULTI_JOIN_MERGE)));
    // Inner multi-joins are ordered by our estimates; Calcite's rule handles the ones with outer joins.
    rel = JoinOrder.reorder(rel);
    rel = run(rel, program(List.of(CoreRules.MULTI_JOIN_OPTIMIZE)));
    rel = run(rel, program(List.of(
        CoreRules.FILTER_INTO_JOIN,
        CoreRules.JOIN_CONDITION_PUSH,
        // A condition pushed onto an input that is already filtered (TPC-H Q19's ship modes) joins its filter.
        CoreRules.FILTER_MERGE,
        CoreRules.PROJECT_MERGE,
        CoreRules.PROJECT_REMOVE)));
    rel = AggregateBelowKeyJoin.rewrite(rel);
    rel = SemiJoinReduction.rewrite(rel);
    rel = GroupKeyReduction.rewrite(rel);
    rel = new RelFieldTrimmer(null, builder).trim(rel);
    rel = SemiJoinColumns.rewrite(rel);
    rel = run(rel, program(List.of(CoreRules.PROJECT_MERGE, CoreRules.PROJECT_REMOVE)));
    // Window functions (RexOver in projections) become Window rels last, after trimming sees them as projections.
    rel = run(rel, program(List.of(CoreRules.PROJECT_TO_LOGICAL_PROJECT_AND_WINDOW)));
    rel = run(rel, program(List.of(CoreRules.PROJECT_MERGE, CoreRules.PROJECT_REMOVE)));
    // Removing a renaming projection above a Window can lose the query's column names; they are part of the result.
    return rel.getRowType().getFieldNames().equals(names) ? rel : rename(rel, names);
  }

  /** A projection that only renames (RelBuilder would drop it as an identity). */
  private static RelNode rename(RelNode rel, List<String> names) {
    List<org.apache.calcite.rex.RexNode> refs = new java.util.ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      refs.add(org.apache.calcite.rex.RexInputRef.of(i, rel.getRowType()));
    }
    return org.apache.calcite.rel.logical.LogicalProject.create(rel, List.of(), refs, names, java.util.Set.of());
  }

  private static HepProgram program(List<org.apache.calcite.plan.RelOptRule> rules) {
    // The match limit bounds rule sets that could rewrite each other forever on some plan shapes.
    return new HepProgramBuilder().addMatchOrder(HepMatchOrder.BOTTOM_UP).addMatchLimit(HEP_MATCH_LIMIT)
        .addRuleCollection(rules).build();
  }

  private static RelNode run(RelNode rel, HepProgram program) {
    HepPlanner planner = new HepPlanner(program);
    planner.setExecutor(CachingRexExecutor.INSTANCE);
    planner.setRoot(rel);
    return planner.findBestExp();
  }

  /** EXPLAIN text of a logical plan. */
  public static String explain(RelNode rel) {
    return RelOptUtil.toString(rel);
  }
}
