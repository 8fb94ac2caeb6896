package dev.ballista.engine.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelShuttleImpl;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.rel.core.JoinInfo;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rel.logical.LogicalAggregate;
import org.apache.calcite.rel.logical.LogicalJoin;
import org.apache.calcite.rel.logical.LogicalProject;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.util.ImmutableBitSet;

/**
 * Aggregates before a join with a unique key of the other side, when the aggregate's functions read only this
 * side. TPC-H Q10 groups lineitem-and-orders rows by seven customer columns: it now sums them per customer key
 * first (114,705 rows into 37,967 groups at SF 1) and joins the customers to those sums, instead of joining every
 * row to a customer and hashing seven columns, five of them text.
 *
 * <p>Exact when the join is inner and equi, the keyed side's join keys are unique there (each row meets at most
 * one partner, and every column of the partner is determined by the key), and the grouping holds, for every key
 * pair, the key of one side or the other. Applied only when the keyed side keeps nearly all of its key's table (a
 * customer for every order): when it is filtered, the join removes most rows and is better done first (TPC-H Q3,
 * Q18).
 */
final class AggregateBelowKeyJoin extends RelShuttleImpl {
  /** The keyed side must keep at least this share of its key's table. */
  private static final double MIN_KEPT = 0.9;

  private AggregateBelowKeyJoin() {}

  static RelNode rewrite(RelNode rel) {
    return rel.accept(new AggregateBelowKeyJoin());
  }

  @Override
  public RelNode visit(LogicalAggregate aggregate) {
    RelNode visited = super.visit(aggregate);
    if (!(visited instanceof LogicalAggregate agg) || agg.getGroupType() != Aggregate.Group.SIMPLE
        || agg.getGroupCount() == 0) {
      return visited;
    }
    LogicalProject project = agg.getInput() instanceof LogicalProject p ? p : null;
    RelNode below = project == null ? agg.getInput() : project.getInput();
    if (!(below instanceof LogicalJoin join) || join.getJoinType() != JoinRelType.INNER) {
      return agg;
    }
    JoinInfo info = join.analyzeCondition();
    if (!info.isEqui() || info.leftKeys.isEmpty()) {
      return agg;
    }
    List<RexNode> exprs = new ArrayList<>();
    if (project != null) {
      exprs.addAll(project.getProjects());
    } else {
      for (int i = 0; i < join.getRowType().getFieldCount(); i++) {
        exprs.add(RexInputRef.of(i, join.getRowType()));
      }
    }
    RelNode rewritten = rewrite(agg, exprs, join, info, true);
    if (rewritten == null) {
      rewritten = rewrite(agg, exprs, join, info, false);
    }
    return rewritten == null ? agg : rewritten;
  }

  /** The rewrite with the join's right (or left) input as the keyed side; null when it does not apply. */
  private static RelNode rewrite(LogicalAggregate agg, List<RexNode> exprs, LogicalJoin join, JoinInfo info,
      boolean keyedRight) {
    RelNode keyed = keyedRight ? join.getRight() : join.getLeft();
    RelNode other = keyedRight ? join.getLeft() : join.getRight();
    int leftWidth = join.getLeft().getRowType().getFieldCount();
    int otherOffset = keyedRight ? 0 : leftWidth;
    int keyedOffset = keyedRight ? leftWidth : 0;
    int otherWidth = other.getRowType().getFieldCount();
    List<Integer> keyedKeys = keyedRight ? info.rightKeys : info.leftKeys;
    List<Integer> otherKeys = keyedRight ? info.leftKeys : info.rightKeys;
    for (AggregateCall call : agg.getAggCallList()) {
      if (call.filterArg >= 0 || !call.collation.getFieldCollations().isEmpty()) {
        return null;
      }
      for (int arg : call.getArgList()) {
        for (int field : RelOptUtil.InputFinder.bits(exprs.get(arg))) {
          if (field < otherOffset || field >= otherOffset + otherWidth) {
            return null; // the function reads the keyed side
          }
        }
      }
    }
    List<Integer> groupFields = new ArrayList<>();
    for (int g : agg.getGroupSet()) {
      if (!(exprs.get(g) instanceof RexInputRef ref)) {
        return null;
      }
      groupFields.add(ref.getIndex());
    }
    for (int i = 0; i < keyedKeys.size(); i++) {
      if (!groupFields.contains(keyedOffset + keyedKeys.get(i)) && !groupFields.contains(otherOffset + otherKeys.get(i))) {
        return null;
      }
    }
    CardinalityEstimator estimator = new CardinalityEstimator(join.getCluster().getMetadataQuery(), true);
    double keyedRows = estimator.rows(keyed);
    if (!estimator.unique(keyed, keyedKeys)
        || keyedRows < MIN_KEPT * estimator.baseRows(keyed, keyedKeys.get(0), keyedRows)) {
      return null;
    }

    // The other side, projected to its join keys, its other grouping columns and each function's arguments.
    List<Integer> otherGroup = new ArrayList<>();
    for (int k : otherKeys) {
      if (!otherGroup.contains(k)) {
        otherGroup.add(k);
      }
    }
    for (int f : groupFields) {
      boolean fromOther = f >= otherOffset && f < otherOffset + otherWidth;
      if (fromOther && !otherGroup.contains(f - otherOffset)) {
        otherGroup.add(f - otherOffset);
      }
    }
    List<RexNode> projected = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (int f : otherGroup) {
      projected.add(RexInputRef.of(f, other.getRowType()));
      names.add(other.getRowType().getFieldNames().get(f));
    }
    RexShuttle toOther = new RexShuttle() {
      @Override
      public RexNode visitInputRef(RexInputRef ref) {
        return new RexInputRef(ref.getIndex() - otherOffset, ref.getType());
      }
    };
    List<AggregateCall> calls = new ArrayList<>();
    for (AggregateCall call : agg.getAggCallList()) {
      List<Integer> args = new ArrayList<>();
      for (int arg : call.getArgList()) {
        args.add(projected.size());
        projected.add(exprs.get(arg).accept(toOther));
        names.add("$arg" + projected.size());
      }
      calls.add(call.copy(args, -1, call.collation));
    }
    RelNode input = LogicalProject.create(other, List.of(), projected, names, Set.of());
    LogicalAggregate inner = LogicalAggregate.create(input, List.of(), ImmutableBitSet.range(otherGroup.size()),
        null, calls);

    RexBuilder rex = join.getCluster().getRexBuilder();
    int innerWidth = inner.getRowType().getFieldCount();
    List<RexNode> equalities = new ArrayList<>();
    for (int i = 0; i < keyedKeys.size(); i++) {
      int keyedKey = keyedKeys.get(i);
      equalities.add(rex.makeCall(SqlStdOperatorTable.EQUALS,
          RexInputRef.of(otherGroup.indexOf(otherKeys.get(i)), inner.getRowType()),
          new RexInputRef(innerWidth + keyedKey, keyed.getRowType().getFieldList().get(keyedKey).getType())));
    }
    LogicalJoin joined = LogicalJoin.create(inner, keyed, List.of(), RexUtil.composeConjunction(rex, equalities),
        Set.of(), JoinRelType.INNER);

    // The aggregate's own columns: its grouping columns in order, then its functions.
    List<RexNode> out = new ArrayList<>();
    for (int f : groupFields) {
      boolean fromOther = f >= otherOffset && f < otherOffset + otherWidth;
      out.add(RexInputRef.of(fromOther ? otherGroup.indexOf(f - otherOffset) : innerWidth + f - keyedOffset,
          joined.getRowType()));
    }
    for (int i = 0; i < calls.size(); i++) {
      out.add(RexInputRef.of(otherGroup.size() + i, joined.getRowType()));
    }
    RelNode result = LogicalProject.create(joined, List.of(), out, agg.getRowType().getFieldNames(), Set.of());
    return RelOptUtil.areRowTypesEqual(result.getRowType(), agg.getRowType(), false) ? result : null;
  }
}
