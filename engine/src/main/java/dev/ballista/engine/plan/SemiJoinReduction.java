package dev.ballista.engine.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelShuttleImpl;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.JoinInfo;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rel.logical.LogicalAggregate;
import org.apache.calcite.rel.logical.LogicalJoin;
import org.apache.calcite.rel.logical.LogicalProject;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;

/**
 * Semi-join reduction: a join's large input is filtered by the keys of its small input before an expensive operator
 * works on rows the join would drop anyway. Two shapes:
 * <ul>
 *   <li>an inner join of which one input aggregates by the join keys (TPC-H Q2, Q17 after decorrelation): the
 *       aggregate's input is semi-joined with the other input first, so only groups that can join are computed;
 *   <li>an outer join whose optional input is large and whose preserved input is small (Q20): the optional input
 *       is semi-joined with the preserved keys, so a hash table or a shuffle holds only rows that can match.
 * </ul>
 * Both are exact: an inner join drops a group whose key has no partner, and an outer join ignores optional rows
 * without one; null keys match nothing either way. The small input is then computed twice, so the rewrite applies only
 * when the large input is estimated at many rows, the small one at a fraction of them, and the small one keeps a
 * fraction of its key's table (semi-joining with all suppliers, say, would filter nothing).
 */
final class SemiJoinReduction extends RelShuttleImpl {
  private static final double MIN_FILTERED_ROWS = 100_000;
  /** Calcite guesses a quarter for a LIKE, so a small input may be estimated at a quarter of its key's table. */
  private static final double MAX_SMALL_FRACTION = 0.25;

  private SemiJoinReduction() {}

  static RelNode rewrite(RelNode rel) {
    return rel.accept(new SemiJoinReduction());
  }

  @Override
  public RelNode visit(LogicalJoin join) {
    RelNode visited = super.visit(join);
    if (!(visited instanceof LogicalJoin j)) {
      return visited;
    }
    JoinInfo info = j.analyzeCondition();
    if (info.leftKeys.isEmpty()) {
      return j;
    }
    CardinalityEstimator estimator = new CardinalityEstimator(j.getCluster().getMetadataQuery());
    RelNode left = j.getLeft();
    RelNode right = j.getRight();
    if (j.getJoinType() == JoinRelType.INNER) {
      left = reduceAggregate(left, info.leftKeys, right, info.rightKeys, estimator);
      if (left == j.getLeft()) {
        right = reduceAggregate(right, info.rightKeys, left, info.leftKeys, estimator);
      }
    } else if (j.getJoinType() == JoinRelType.LEFT && worthReducing(right, left, info.leftKeys, estimator)) {
      right = semiJoin(right, info.rightKeys, left, info.leftKeys);
    } else if (j.getJoinType() == JoinRelType.RIGHT && worthReducing(left, right, info.rightKeys, estimator)) {
      left = semiJoin(left, info.leftKeys, right, info.rightKeys);
    }
    return left == j.getLeft() && right == j.getRight() ? j : j.copy(j.getTraitSet(), List.of(left, right));
  }

  /** {@code side} ([Project over] Aggregate) with its aggregate's input semi-joined with {@code other}, if it pays. */
  private static RelNode reduceAggregate(RelNode side, List<Integer> sideKeys, RelNode other, List<Integer> otherKeys,
      CardinalityEstimator estimator) {
    LogicalProject project = side instanceof LogicalProject p ? p : null;
    RelNode below = project == null ? side : project.getInput();
    if (!(below instanceof LogicalAggregate aggregate) || aggregate.getGroupType() != Aggregate.Group.SIMPLE
        || aggregate.getGroupCount() == 0) {
      return side;
    }
    List<Integer> inputKeys = new ArrayList<>();
    for (int key : sideKeys) {
      int field = key;
      if (project != null) {
        if (!(project.getProjects().get(key) instanceof RexInputRef ref)) {
          return side;
        }
        field = ref.getIndex();
      }
      if (field >= aggregate.getGroupCount()) {
        return side; // joined on an aggregate's result, not on a group key
      }
      inputKeys.add(aggregate.getGroupSet().nth(field));
    }
    if (!worthReducing(aggregate.getInput(), other, otherKeys, estimator)) {
      return side;
    }
    RelNode reduced = aggregate.copy(aggregate.getTraitSet(),
        List.of(semiJoin(aggregate.getInput(), inputKeys, other, otherKeys)));
    return project == null ? reduced : project.copy(project.getTraitSet(), List.of(reduced));
  }

  private static boolean worthReducing(RelNode large, RelNode small, List<Integer> smallKeys,
      CardinalityEstimator estimator) {
    double largeRows = estimator.rows(large);
    double smallRows = estimator.rows(small);
    double keyTableRows = estimator.baseRows(small, smallKeys.get(0), smallRows);
    return largeRows >= MIN_FILTERED_ROWS && smallRows <= largeRows * MAX_SMALL_FRACTION
        && smallRows <= keyTableRows * MAX_SMALL_FRACTION;
  }

  /** The rows of {@code input} whose {@code inputKeys} equal the {@code otherKeys} of some row of {@code other}. */
  private static RelNode semiJoin(RelNode input, List<Integer> inputKeys, RelNode other, List<Integer> otherKeys) {
    RexBuilder rex = input.getCluster().getRexBuilder();
    int width = input.getRowType().getFieldCount();
    List<RexNode> equalities = new ArrayList<>();
    for (int i = 0; i < inputKeys.size(); i++) {
      equalities.add(rex.makeCall(SqlStdOperatorTable.EQUALS,
          rex.makeInputRef(input, inputKeys.get(i)),
          new RexInputRef(width + otherKeys.get(i),
              other.getRowType().getFieldList().get(otherKeys.get(i)).getType())));
    }
    return LogicalJoin.create(input, other, List.of(), RexUtil.composeConjunction(rex, equalities), Set.of(),
        JoinRelType.SEMI);
  }
}
