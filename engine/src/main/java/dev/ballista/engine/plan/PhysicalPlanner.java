package dev.ballista.engine.plan;

import dev.ballista.engine.ErrorCode;
import dev.ballista.engine.QueryException;
import dev.ballista.engine.catalog.TableDef;
import dev.ballista.engine.exec.ExecutionPlan;
import dev.ballista.engine.exec.Partitioning;
import dev.ballista.engine.exec.agg.AggregateCall;
import dev.ballista.engine.exec.agg.AggregateFunction;
import dev.ballista.engine.exec.agg.HashAggregateExec;
import dev.ballista.engine.exec.join.HashJoinExec;
import dev.ballista.engine.exec.join.JoinType;
import dev.ballista.engine.exec.op.ExchangeExec;
import dev.ballista.engine.exec.op.FilterExec;
import dev.ballista.engine.exec.op.LimitExec;
import dev.ballista.engine.exec.op.ProjectExec;
import dev.ballista.engine.exec.op.UnionExec;
import dev.ballista.engine.exec.op.ValuesExec;
import dev.ballista.engine.exec.scan.FileFormatKind;
import dev.ballista.engine.exec.scan.FileScanExec;
import dev.ballista.engine.exec.scan.ScanPredicate;
import dev.ballista.engine.exec.scan.ScanInPredicate;
import dev.ballista.engine.exec.sort.SortExec;
import dev.ballista.engine.exec.sort.SortKey;
import dev.ballista.engine.expr.CastExpr;
import dev.ballista.engine.expr.ColumnExpr;
import dev.ballista.engine.expr.ComparisonExpr;
import dev.ballista.engine.expr.InListExpr;
import dev.ballista.engine.expr.LiteralExpr;
import dev.ballista.engine.expr.LogicalExpr;
import dev.ballista.engine.expr.PhysicalExpr;
import dev.ballista.engine.types.DataType;
import dev.ballista.engine.types.RowSchema;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.RelFieldCollation;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.Filter;
import org.apache.calcite.rel.core.Join;
import org.apache.calcite.rel.core.JoinInfo;
import org.apache.calcite.rel.core.Project;
import org.apache.calcite.rel.core.Sort;
import org.apache.calcite.rel.core.TableScan;
import org.apache.calcite.rel.core.SetOp;
import org.apache.calcite.rel.core.Union;
import org.apache.calcite.rel.core.Values;
import org.apache.calcite.rel.core.Window;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.util.ImmutableBitSet;

/**
 * The one place where Calcite's optimized logical plan becomes physical operators. It decides distribution:
 * aggregation runs partially in every partition, then finally after a hash exchange on the grouping keys (or a
 * single-partition exchange without keys); window functions run after a hash exchange on their PARTITION BY keys
 * (see {@link WindowPlanner}); a plan whose input is one partition needs no exchange.
 */
public final class PhysicalPlanner {
  private final int targetPartitions;
  private final List<Object> parameters;
  /** CURRENT_DATE and CURRENT_TIMESTAMP: read once, when the query is planned, so every task sees the same. */
  private final long queryStartMicros;

  /** {@code targetPartitions}: how many partitions hash exchanges spread work over (cluster task slots). */
  public PhysicalPlanner(int targetPartitions) {
    this(targetPartitions, List.of());
  }

  /** With values for the statement's '?' parameters, in order. */
  public PhysicalPlanner(int targetPartitions, List<Object> parameters) {
    this.targetPartitions = Math.max(1, targetPartitions);
    this.parameters = parameters;
    java.time.Instant now = java.time.Instant.now();
    this.queryStartMicros = now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
  }

  public ExecutionPlan plan(RelNode rel) {
    ExecutionPlan plan = translate(rel);
    List<String> names = rel.getRowType().getFieldNames();
    // Result columns carry the query's names (Calcite's field names, e.g. EXPR$0 for unnamed expressions).
    if (!plan.schema().columns().stream().map(c -> c.name()).toList().equals(names)) {
      List<PhysicalExpr> refs = new ArrayList<>();
      for (int i = 0; i < names.size(); i++) {
        refs.add(new ColumnExpr(i, plan.schema().type(i)));
      }
      plan = new ProjectExec(plan, refs, names);
    }
    return plan;
  }

  private ExecutionPlan translate(RelNode rel) {
    if (rel instanceof TableScan scan) {
      return scan(scan, null);
    }
    if (rel instanceof Project project) {
      return project(project);
    }
    if (rel instanceof Filter filter) {
      ExecutionPlan input = translate(filter.getInput());
      PhysicalExpr predicate = rex(input.schema(), filter, filter.getCondition());
      return new FilterExec(pushIntoScan(input, predicate), predicate);
    }
    if (rel instanceof Aggregate aggregate) {
      return aggregate(aggregate);
    }
    if (rel instanceof Sort sort) {
      return sort(sort);
    }
    if (rel instanceof Values values) {
      return values(values);
    }
    if (rel instanceof Join join) {
      return join(join, null);
    }
    if (rel instanceof Union union) {
      return union(union);
    }
    if (rel instanceof SetOp setOp) {
      // Calcite's rules lower INTERSECT and EXCEPT to aggregates, except with ALL.
      throw new QueryException(ErrorCode.NOT_SUPPORTED, setOp.kind + (setOp.all ? " ALL" : "") + " is not supported yet");
    }
    if (rel instanceof Window window) {
      return WindowPlanner.plan(window, translate(window.getInput()), targetPartitions);
    }
    throw new QueryException(ErrorCode.NOT_SUPPORTED, rel.getRelTypeName().replace("Logical", "")
        + " is not supported yet");
  }

  /** UNION ALL: each input cast to the union's column types, partitions concatenated (UNION is an aggregate above). */
  private ExecutionPlan union(Union union) {
    RowSchema schema = TypeMapping.toRowSchema(union.getRowType());
    List<ExecutionPlan> inputs = new ArrayList<>();
    for (RelNode child : union.getInputs()) {
      ExecutionPlan input = translate(child);
      List<PhysicalExpr> casts = new ArrayList<>();
      boolean changed = false;
      for (int i = 0; i < schema.size(); i++) {
        PhysicalExpr column = new ColumnExpr(i, input.schema().type(i));
        PhysicalExpr cast = RexTranslator.cast(column, schema.type(i));
        changed |= cast != column;
        casts.add(cast);
      }
      inputs.add(changed ? new ProjectExec(input, casts, union.getRowType().getFieldNames()) : input);
    }
    return new UnionExec(inputs, schema);
  }

  private ExecutionPlan scan(TableScan scan, int[] projection) {
    CatalogSchemaAdapter.CatalogTable table = scan.getTable().unwrap(CatalogSchemaAdapter.CatalogTable.class);
    if (table == null) {
      throw new QueryException(ErrorCode.INTERNAL, "unknown table " + scan.getTable().getQualifiedName());
    }
    TableDef def = table.definition();
    if (projection == null) {
      projection = new int[def.schema().size()];
      for (int i = 0; i < projection.length; i++) {
        projection[i] = i;
      }
    }
    return new FileScanExec(def.name(), def.format(), fileGroups(def.files()), def.schema(), projection,
        def.format() == FileFormatKind.CSV
            ? dev.ballista.engine.exec.scan.CsvOptions.of(def.options())
            : dev.ballista.engine.exec.scan.CsvOptions.DEFAULT);
  }

  /**
   * A Parquet scan under a filter gets the conjuncts of the filter's translation {@code predicate} that compare a
   * column with a constant: integer, date and DECIMAL(p <= 18) columns by {@code = < <= > >=} (its reader skips row
   * groups their statistics rule out), and {@code IN} lists on those and text columns ({@code =} too for text). The reader drops rows that fail them; the filter
   * itself still runs above the scan.
   */
  private static ExecutionPlan pushIntoScan(ExecutionPlan input, PhysicalExpr predicate) {
    if (!(input instanceof FileScanExec scan) || scan.format() != FileFormatKind.PARQUET) {
      return input;
    }
    List<ScanPredicate> pushed = new ArrayList<>();
    List<ScanInPredicate> pushedIn = new ArrayList<>();
    conjuncts(predicate, scan, pushed, pushedIn);
    return pushed.isEmpty() && pushedIn.isEmpty() ? scan : scan.withPredicates(pushed, pushedIn);
  }

  private static void conjuncts(PhysicalExpr predicate, FileScanExec scan, List<ScanPredicate> pushed,
      List<ScanInPredicate> pushedIn) {
    int[] projection = scan.projection();
    if (predicate instanceof LogicalExpr logical && logical.isAnd()) {
      for (PhysicalExpr operand : logical.operands()) {
        conjuncts(operand, scan, pushed, pushedIn);
      }
    } else if (predicate instanceof InListExpr in && !in.negated()
        && widenedColumn(in.input()) instanceof ColumnExpr column) {
      int tableColumn = projection[column.index()];
      if (column.type().storage() == DataType.Storage.UTF8
          && in.values().stream().allMatch(v -> v instanceof String)) {
        pushedIn.add(new ScanInPredicate(tableColumn, in.values()));
      } else if (scan.tableSchema().type(tableColumn).equals(column.type()) && in.values().stream()
          .allMatch(v -> v instanceof Long value && laneValue(column.type(), column.type(), value) != null)) {
        pushedIn.add(new ScanInPredicate(tableColumn, in.values()));
      }
    } else if (predicate instanceof ComparisonExpr cmp && cmp.op() != ComparisonExpr.Op.NE) {
      boolean flipped = cmp.left() instanceof LiteralExpr;
      PhysicalExpr a = widenedColumn(flipped ? cmp.right() : cmp.left());
      PhysicalExpr b = flipped ? cmp.left() : cmp.right();
      if (!(a instanceof ColumnExpr column) || !(b instanceof LiteralExpr literal) || literal.value() == null) {
        return;
      }
      int tableColumn = projection[column.index()];
      if (column.type().storage() == DataType.Storage.UTF8 && cmp.op() == ComparisonExpr.Op.EQ
          && literal.value() instanceof String text) {
        pushedIn.add(new ScanInPredicate(tableColumn, List.of(text)));
      } else if (scan.tableSchema().type(tableColumn).equals(column.type())
          && laneValue(column.type(), literal) != null) {
        ComparisonExpr.Op op = !flipped ? cmp.op() : switch (cmp.op()) {
          case LT -> ComparisonExpr.Op.GT;
          case LE -> ComparisonExpr.Op.GE;
          case GT -> ComparisonExpr.Op.LT;
          case GE -> ComparisonExpr.Op.LE;
          default -> cmp.op();
        };
        pushed.add(new ScanPredicate(tableColumn, op, laneValue(column.type(), literal)));
      }
    }
  }

  /**
   * The column under a cast that keeps every value as it is, DECIMAL to a larger precision at the same scale (as
   * Calcite types {@code salary >= 4500} and {@code salary IN (4500, 3000.5)}); {@code e} itself otherwise.
   */
  private static PhysicalExpr widenedColumn(PhysicalExpr e) {
    if (e instanceof CastExpr cast && cast.input() instanceof ColumnExpr column && column.type().isLongDecimal()
        && cast.type().isLongDecimal() && cast.type().scale() == column.type().scale()
        && cast.type().precision() >= column.type().precision()) {
      return column;
    }
    return e;
  }

  /**
   * The constant in the column's lane, where a scan can compare the two: integer columns against integer constants
   * that fit them, dates against dates, DECIMAL(p <= 18) against integers and decimals of no larger scale (unscaled
   * to the column's scale); null otherwise.
   */
  private static Long laneValue(DataType column, LiteralExpr literal) {
    return literal.value() instanceof Long value ? laneValue(column, literal.type(), value) : null;
  }

  /** The same for a constant {@code value} of type {@code type} (in its own lane). */
  private static Long laneValue(DataType column, DataType type, long value) {
    DataType.Kind kind = type.kind();
    boolean integral = kind == DataType.Kind.INTEGER || kind == DataType.Kind.SMALLINT || kind == DataType.Kind.TINYINT
        || kind == DataType.Kind.BIGINT;
    return switch (column.kind()) {
      case INTEGER -> integral && value == (int) value ? value : null;
      case BIGINT -> integral ? value : null;
      case DATE -> kind == DataType.Kind.DATE ? value : null;
      case DECIMAL -> {
        int scale = integral ? 0 : type.isLongDecimal() ? type.scale() : -1;
        if (!column.isLongDecimal() || scale < 0 || scale > column.scale()) {
          yield null;
        }
        try {
          yield Math.multiplyExact(value, java.math.BigInteger.TEN.pow(column.scale() - scale).longValueExact());
        } catch (ArithmeticException overflow) {
          yield null;
        }
      }
      default -> null;
    };
  }

  /** Files spread round-robin over at most targetPartitions groups. */
  private List<List<String>> fileGroups(List<String> files) {
    int groups = Math.min(files.size(), targetPartitions);
    List<List<String>> out = new ArrayList<>();
    for (int g = 0; g < groups; g++) {
      out.add(new ArrayList<>());
    }
    for (int i = 0; i < files.size(); i++) {
      out.get(i % groups).add(files.get(i));
    }
    return out;
  }

  private ExecutionPlan project(Project project) {
    // A projection of plain columns straight over a scan becomes the scan's column list.
    if (project.getInput() instanceof TableScan scan && project.getProjects().stream().allMatch(RexInputRef.class::isInstance)) {
      int[] columns = project.getProjects().stream().mapToInt(r -> ((RexInputRef) r).getIndex()).toArray();
      ExecutionPlan plan = scan(scan, columns);
      return renameIfNeeded(plan, project.getRowType().getFieldNames());
    }
    // A filter or join below copies only the columns the projection reads: predicate-only columns and join keys
    // nothing above needs are never gathered.
    List<RexNode> projects = project.getProjects();
    RelNode inputRel = project.getInput();
    ImmutableBitSet used = RelOptUtil.InputFinder.bits(projects, null);
    int width = inputRel.getRowType().getFieldCount();
    int[] kept = (inputRel instanceof Filter || inputRel instanceof Join) && used.cardinality() < width
        ? (used.isEmpty() ? new int[] {0} : used.toArray()) : null;
    ExecutionPlan input;
    if (inputRel instanceof Filter filter) {
      ExecutionPlan filterInput = translate(filter.getInput());
      PhysicalExpr predicate = rex(filterInput.schema(), filter, filter.getCondition());
      input = new FilterExec(pushIntoScan(filterInput, predicate), predicate, kept);
    } else if (inputRel instanceof Join join) {
      input = join(join, kept);
    } else {
      input = translate(inputRel);
    }
    if (kept != null) {
      int[] position = new int[width];
      for (int i = 0; i < kept.length; i++) {
        position[kept[i]] = i;
      }
      projects = projects.stream().map(e -> e.accept(new RexShuttle() {
        @Override
        public RexNode visitInputRef(RexInputRef ref) {
          return new RexInputRef(position[ref.getIndex()], ref.getType());
        }
      })).toList();
    }
    List<PhysicalExpr> exprs = new ArrayList<>();
    for (RexNode e : projects) {
      exprs.add(rex(input.schema(), project, e));
    }
    return new ProjectExec(input, exprs, project.getRowType().getFieldNames());
  }

  private static ExecutionPlan renameIfNeeded(ExecutionPlan plan, List<String> names) {
    List<String> current = plan.schema().columns().stream().map(c -> c.name()).toList();
    if (current.equals(names)) {
      return plan;
    }
    List<PhysicalExpr> refs = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      refs.add(new ColumnExpr(i, plan.schema().type(i)));
    }
    return new ProjectExec(plan, refs, names);
  }

  private ExecutionPlan aggregate(Aggregate aggregate) {
    if (aggregate.getGroupType() != Aggregate.Group.SIMPLE) {
      throw new QueryException(ErrorCode.NOT_SUPPORTED, "GROUPING SETS, ROLLUP and CUBE are not supported yet");
    }
    ExecutionPlan unfiltered = translate(aggregate.getInput());
    int inputWidth = unfiltered.schema().size();
    ExecutionPlan input = withFilteredArguments(unfiltered, aggregate);
    RowSchema in = input.schema();
    int filtered = 0;
    List<Integer> keys = aggregate.getGroupSet().asList();
    List<PhysicalExpr> groupBy = new ArrayList<>();
    List<String> groupNames = new ArrayList<>();
    List<String> outNames = aggregate.getRowType().getFieldNames();
    for (int k = 0; k < keys.size(); k++) {
      groupBy.add(new ColumnExpr(keys.get(k), in.type(keys.get(k))));
      groupNames.add(outNames.get(k));
    }
    List<AggregateCall> calls = new ArrayList<>();
    for (int a = 0; a < aggregate.getAggCallList().size(); a++) {
      org.apache.calcite.rel.core.AggregateCall call = aggregate.getAggCallList().get(a);
      if (call.isDistinct() || call.getArgList().size() > 1) {
        throw new QueryException(ErrorCode.NOT_SUPPORTED, "aggregate " + call + " is not supported yet");
      }
      AggregateFunction fn = switch (call.getAggregation().getKind()) {
        case COUNT -> call.getArgList().isEmpty() ? AggregateFunction.COUNT_STAR : AggregateFunction.COUNT;
        case SUM -> AggregateFunction.SUM;
        case SUM0 -> AggregateFunction.SUM0;
        case MIN -> AggregateFunction.MIN;
        case MAX -> AggregateFunction.MAX;
        case ANY_VALUE -> AggregateFunction.ANY_VALUE;
        case LITERAL_AGG -> AggregateFunction.MIN;
        default -> throw new QueryException(ErrorCode.NOT_SUPPORTED,
            "aggregate function " + call.getAggregation().getName() + " is not supported yet");
      };
      PhysicalExpr arg;
      if (call.filterArg >= 0) {
        // The argument, NULL where the filter is not true: appended by withFilteredArguments, in call order.
        int column = inputWidth + filtered++;
        arg = new ColumnExpr(column, in.type(column));
        if (fn == AggregateFunction.COUNT_STAR) {
          fn = AggregateFunction.COUNT;
        }
      } else if (call.getAggregation().getKind() == org.apache.calcite.sql.SqlKind.LITERAL_AGG) {
        // The same constant for every group: MIN over the constant gives it, and merges like MIN.
        arg = RexTranslator.literal((RexLiteral) call.rexList.get(0));
      } else {
        arg = call.getArgList().isEmpty() ? null
            : new ColumnExpr(call.getArgList().get(0), in.type(call.getArgList().get(0)));
      }
      calls.add(new AggregateCall(fn, arg, TypeMapping.toDataType(call.getType()), outNames.get(keys.size() + a)));
    }
    if (input.outputPartitioning().groupsRowsBy(keys)) {
      // One partition, or every group's rows already in one partition (e.g. grouped by a hash join's keys).
      return new HashAggregateExec(input, groupBy, groupNames, calls);
    }
    // Partial aggregation per partition, exchange on the keys, then merge.
    HashAggregateExec partial = new HashAggregateExec(input, groupBy, groupNames, calls);
    List<PhysicalExpr> partialKeys = new ArrayList<>();
    for (int k = 0; k < groupBy.size(); k++) {
      partialKeys.add(new ColumnExpr(k, groupBy.get(k).type()));
    }
    Partitioning partitioning = keys.isEmpty() ? new Partitioning.Single()
        : new Partitioning.Hash(partialKeys, targetPartitions);
    ExecutionPlan exchange = new ExchangeExec(partial, partitioning);
    List<AggregateCall> merges = new ArrayList<>();
    for (int a = 0; a < calls.size(); a++) {
      AggregateCall c = calls.get(a);
      DataType partialType = partial.schema().type(keys.size() + a);
      merges.add(new AggregateCall(c.function().mergeFunction(), new ColumnExpr(keys.size() + a, partialType),
          c.type(), c.name()));
    }
    return new HashAggregateExec(exchange, partialKeys, groupNames, merges);
  }

  /**
   * {@code agg(x) FILTER (WHERE f)} is {@code agg(CASE WHEN f THEN x END)} for aggregates that skip NULLs, and
   * COUNT(*) FILTER (WHERE f) is COUNT(CASE WHEN f THEN 1 END): one projected column per filtered call.
   */
  private static ExecutionPlan withFilteredArguments(ExecutionPlan input, Aggregate aggregate) {
    List<PhysicalExpr> extra = new ArrayList<>();
    for (org.apache.calcite.rel.core.AggregateCall call : aggregate.getAggCallList()) {
      if (call.filterArg < 0) {
        continue;
      }
      if (call.getArgList().size() > 1 || call.getAggregation().getKind() == org.apache.calcite.sql.SqlKind.LITERAL_AGG) {
        throw new QueryException(ErrorCode.NOT_SUPPORTED, "aggregate " + call + " is not supported yet");
      }
      PhysicalExpr value = call.getArgList().isEmpty() ? new LiteralExpr(DataType.BIGINT, 1L)
          : new ColumnExpr(call.getArgList().get(0), input.schema().type(call.getArgList().get(0)));
      PhysicalExpr condition = new ColumnExpr(call.filterArg, input.schema().type(call.filterArg));
      extra.add(new dev.ballista.engine.expr.CaseExpr(List.of(condition), List.of(value), null, value.type()));
    }
    if (extra.isEmpty()) {
      return input;
    }
    List<PhysicalExpr> exprs = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (int i = 0; i < input.schema().size(); i++) {
      exprs.add(new ColumnExpr(i, input.schema().type(i)));
      names.add(input.schema().column(i).name());
    }
    for (int i = 0; i < extra.size(); i++) {
      exprs.add(extra.get(i));
      names.add("$filtered" + i);
    }
    return new ProjectExec(input, exprs, names);
  }

  private ExecutionPlan sort(Sort sort) {
    ExecutionPlan input = translate(sort.getInput());
    long offset = sort.offset == null ? 0 : ((RexLiteral) sort.offset).getValueAs(Long.class);
    long fetch = sort.fetch == null ? -1 : ((RexLiteral) sort.fetch).getValueAs(Long.class);
    long keep = fetch < 0 ? -1 : offset + fetch;
    List<SortKey> keys = new ArrayList<>();
    for (RelFieldCollation c : sort.getCollation().getFieldCollations()) {
      boolean descending = c.getDirection().isDescending();
      // SQL's default: NULLs sort as if larger than any value.
      boolean nullsFirst = switch (c.nullDirection) {
        case FIRST -> true;
        case LAST -> false;
        default -> descending;
      };
      keys.add(new SortKey(c.getFieldIndex(), descending, nullsFirst));
    }
    boolean multiple = input.outputPartitioning().partitionCount() > 1;
    if (keys.isEmpty()) {
      if (!multiple) {
        return new LimitExec(input, offset, fetch);
      }
      ExecutionPlan local = keep < 0 ? input : new LimitExec(input, 0, keep);
      return new LimitExec(new ExchangeExec(local, new Partitioning.Single()), offset, fetch);
    }
    // Sort (or top-N) each partition, gather them into one, and sort that.
    ExecutionPlan plan = new SortExec(input, keys, keep);
    if (multiple) {
      plan = new SortExec(new ExchangeExec(plan, new Partitioning.Single()), keys, keep);
    }
    return offset > 0 ? new LimitExec(plan, offset, fetch) : plan;
  }

  /** Build sides with fewer estimated rows than this are broadcast instead of shuffled. */
  private static final double BROADCAST_ROWS = 200_000;

  /** {@code projection}: the join's output columns to keep (see {@link HashJoinExec}), or null for all. */
  private ExecutionPlan join(Join join, int[] projection) {
    JoinType type = switch (join.getJoinType()) {
      case INNER -> JoinType.INNER;
      case LEFT -> JoinType.LEFT;
      case RIGHT -> JoinType.RIGHT;
      case FULL -> JoinType.FULL;
      case SEMI -> JoinType.SEMI;
      case ANTI -> JoinType.ANTI;
      default -> throw new QueryException(ErrorCode.NOT_SUPPORTED, join.getJoinType() + " join is not supported yet");
    };
    ExecutionPlan left = translate(join.getLeft());
    ExecutionPlan right = translate(join.getRight());
    // (k = k' AND a) OR (k = k' AND b) has the equi-join key k = k' once it is factored out.
    RexNode condition = RexUtil.pullFactors(join.getCluster().getRexBuilder(), join.getCondition());
    JoinInfo info = JoinInfo.of(join.getLeft(), join.getRight(), condition);
    int[] leftKeys = info.leftKeys.toIntArray();
    int[] rightKeys = info.rightKeys.toIntArray();
    for (int k = 0; k < leftKeys.length; k++) {
      DataType lt = left.schema().type(leftKeys[k]);
      DataType rt = right.schema().type(rightKeys[k]);
      if (!lt.equals(rt)) {
        throw new QueryException(ErrorCode.NOT_SUPPORTED, "join keys of different types (" + lt + ", " + rt
            + ") are not supported yet");
      }
    }
    RexNode remaining = info.getRemaining(join.getCluster().getRexBuilder());
    PhysicalExpr residual = remaining.isAlwaysTrue() ? null
        : rex(left.schema().concat(right.schema()), join, remaining);
    boolean leftSingle = left.outputPartitioning().partitionCount() == 1;
    boolean rightSingle = right.outputPartitioning().partitionCount() == 1;
    CardinalityEstimator estimator = new CardinalityEstimator(join.getCluster().getMetadataQuery());
    double buildRows = estimator.rows(join.getRight());
    if ((type == JoinType.SEMI || type == JoinType.ANTI) && leftKeys.length > 0 && buildRows >= BROADCAST_ROWS
        && estimator.rows(join.getLeft()) * 2 < buildRows) {
      // EXISTS over a large subquery side: build the small outer side and stream the large side through it.
      RexNode swapped = remaining.isAlwaysTrue() ? null : swapInputs(remaining, left.schema().size(),
          right.schema().size());
      PhysicalExpr swappedResidual = swapped == null ? null
          : rex(right.schema().concat(left.schema()), join, swapped);
      JoinType buildSide = type == JoinType.SEMI ? JoinType.RIGHT_SEMI : JoinType.RIGHT_ANTI;
      if (leftSingle && rightSingle) {
        return new HashJoinExec(right, left, rightKeys, leftKeys, buildSide, swappedResidual, false, projection);
      }
      return new HashJoinExec(placedByKeys(right, rightKeys), placedByKeys(left, leftKeys), rightKeys, leftKeys,
          buildSide, swappedResidual, false, projection);
    }
    if (leftSingle && rightSingle) {
      return new HashJoinExec(left, right, leftKeys, rightKeys, type, residual, false, projection);
    }
    boolean canBroadcast = !type.equals(JoinType.RIGHT) && !type.equals(JoinType.FULL);
    if (canBroadcast && (buildRows < BROADCAST_ROWS || leftKeys.length == 0)) {
      ExecutionPlan build = rightSingle ? right : new ExchangeExec(right, new Partitioning.Single());
      return new HashJoinExec(left, build, leftKeys, rightKeys, type, residual, true, projection);
    }
    if (leftKeys.length == 0) {
      throw new QueryException(ErrorCode.NOT_SUPPORTED, type + " join without equality condition is not supported yet");
    }
    return new HashJoinExec(placedByKeys(left, leftKeys), placedByKeys(right, rightKeys), leftKeys, rightKeys, type,
        residual, false, projection);
  }

  /**
   * The input hash-partitioned on the join keys: as it is when an exchange upstream already placed it that way (an
   * aggregate grouped by the keys, an earlier join on them), else through a new exchange. Both sides hash the same
   * key types with the same function into the same number of partitions, so equal keys meet.
   */
  private ExecutionPlan placedByKeys(ExecutionPlan input, int[] keys) {
    Partitioning wanted = new Partitioning.Hash(columns(input.schema(), keys), targetPartitions);
    return input.outputPartitioning().equals(wanted) ? input : new ExchangeExec(input, wanted);
  }

  /** A condition over (left, right) columns rewritten over (right, left). */
  private static RexNode swapInputs(RexNode condition, int leftWidth, int rightWidth) {
    return condition.accept(new RexShuttle() {
      @Override
      public RexNode visitInputRef(RexInputRef ref) {
        int i = ref.getIndex();
        return new RexInputRef(i < leftWidth ? i + rightWidth : i - leftWidth, ref.getType());
      }
    });
  }

  private static List<PhysicalExpr> columns(RowSchema schema, int[] indices) {
    List<PhysicalExpr> out = new ArrayList<>();
    for (int i : indices) {
      out.add(new ColumnExpr(i, schema.type(i)));
    }
    return out;
  }

  private ExecutionPlan values(Values values) {
    RowSchema schema = TypeMapping.toRowSchema(values.getRowType());
    List<List<Object>> rows = new ArrayList<>();
    for (List<RexLiteral> tuple : values.getTuples()) {
      List<Object> row = new ArrayList<>();
      for (int c = 0; c < tuple.size(); c++) {
        row.add(RexTranslator.cast(RexTranslator.literal(tuple.get(c)), schema.type(c)) instanceof
            LiteralExpr lit ? lit.value() : null);
      }
      rows.add(row);
    }
    return new ValuesExec(schema, rows);
  }

  private PhysicalExpr rex(RowSchema input, RelNode rel, RexNode node) {
    return new RexTranslator(input, rel.getCluster().getRexBuilder(), parameters, queryStartMicros).translate(node);
  }
}
