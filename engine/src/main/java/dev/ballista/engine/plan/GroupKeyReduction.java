package dev.ballista.engine.plan;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
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
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.type.SqlTypeFamily;
import org.apache.calcite.util.ImmutableBitSet;

/**
 * Groups a join by a unique key of one of its inputs instead of by every column of that input the query groups by:
 * the key determines the others, so they become ANY_VALUE aggregates, and the field trimmer then drops those that
 * nothing above reads. TPC-H Q20's decorrelated subquery grouped partsupp ⋈ lineitem by all five partsupp columns,
 * so it read, shuffled and hashed every ps_comment; it now groups by (ps_partkey, ps_suppkey) and reads no comment.
 *
 * <p>Exact because a join copies each row of an input it does not null-extend (both inputs of an inner join, the
 * left of a left, semi or anti join, the right of a right join): equal keys of that input bring equal values of its
 * other columns. The equi keys of an inner join stand in for each other, so grouping by l_orderkey also determines
 * the columns of an orders input keyed by o_orderkey (TPC-H Q3).
 */
final class GroupKeyReduction extends RelShuttleImpl {
  private GroupKeyReduction() {}

  static RelNode rewrite(RelNode rel) {
    return rel.accept(new GroupKeyReduction());
  }

  @Override
  public RelNode visit(LogicalAggregate aggregate) {
    RelNode visited = super.visit(aggregate);
    if (!(visited instanceof LogicalAggregate agg) || agg.getGroupType() != Aggregate.Group.SIMPLE
        || agg.getGroupCount() < 2) {
      return visited;
    }
    LogicalProject project = agg.getInput() instanceof LogicalProject p ? p : null;
    RelNode below = project == null ? agg.getInput() : project.getInput();
    if (!(below instanceof LogicalJoin join)) {
      return agg;
    }
    // The join column each grouping column copies; -1 for a computed one.
    List<Integer> groupInputs = agg.getGroupSet().asList();
    int[] joinField = new int[groupInputs.size()];
    for (int i = 0; i < joinField.length; i++) {
      RexNode e = project == null ? null : project.getProjects().get(groupInputs.get(i));
      joinField[i] = project == null ? groupInputs.get(i) : e instanceof RexInputRef ref ? ref.getIndex() : -1;
    }
    Set<Integer> moved = determinedColumns(join, joinField);
    return moved.isEmpty() ? agg : regroup(agg, groupInputs, moved);
  }

  /** The grouping positions determined by the others through a unique key of a join input. */
  private static Set<Integer> determinedColumns(LogicalJoin join, int[] joinField) {
    RelMetadataQuery mq = join.getCluster().getMetadataQuery();
    JoinInfo info = join.analyzeCondition();
    boolean inner = join.getJoinType() == JoinRelType.INNER;
    int leftWidth = join.getLeft().getRowType().getFieldCount();
    Set<Integer> moved = new TreeSet<>();
    Set<Integer> pinned = new HashSet<>(); // positions of the other input that a key relies on
    for (boolean left : new boolean[] {true, false}) {
      if (!copiesRows(join.getJoinType(), left)) {
        continue;
      }
      RelNode side = left ? join.getLeft() : join.getRight();
      int offset = left ? 0 : leftWidth;
      int width = side.getRowType().getFieldCount();
      List<Integer> own = new ArrayList<>();
      ImmutableBitSet.Builder known = ImmutableBitSet.builder();
      for (int i = 0; i < joinField.length; i++) {
        if (joinField[i] >= offset && joinField[i] < offset + width) {
          own.add(i);
          known.set(joinField[i] - offset);
        }
      }
      // This input's equi keys whose partner in the other input is grouped by: known, by the partner's position.
      Map<Integer, Integer> standIns = new HashMap<>();
      if (inner) {
        for (int k = 0; k < info.leftKeys.size(); k++) {
          int key = left ? info.leftKeys.get(k) : info.rightKeys.get(k);
          int partner = left ? leftWidth + info.rightKeys.get(k) : info.leftKeys.get(k);
          for (int i = 0; i < joinField.length; i++) {
            if (joinField[i] == partner && !moved.contains(i)) {
              standIns.putIfAbsent(key, i);
              known.set(key);
            }
          }
        }
      }
      ImmutableBitSet key = known.build();
      if (own.isEmpty() || !Boolean.TRUE.equals(mq.areColumnsUnique(side, key))) {
        continue;
      }
      // Text first: a determined text column is the costliest to hash and to carry.
      own.sort(Comparator.comparing((Integer i) -> !isText(side.getRowType().getFieldList()
          .get(joinField[i] - offset).getType())));
      for (int i : own) {
        int column = joinField[i] - offset;
        ImmutableBitSet without = standIns.containsKey(column) ? key : key.clear(column);
        if (!pinned.contains(i) && !without.isEmpty() && Boolean.TRUE.equals(mq.areColumnsUnique(side, without))) {
          key = without;
          moved.add(i);
        }
      }
      for (int column : key) {
        if (standIns.containsKey(column)) {
          pinned.add(standIns.get(column));
        }
      }
    }
    return moved;
  }

  /** Whether every row of the join's left (or right) input reaches its output as it is, never null-extended. */
  private static boolean copiesRows(JoinRelType type, boolean left) {
    return switch (type) {
      case INNER -> true;
      case LEFT, SEMI, ANTI -> left;
      case RIGHT -> !left;
      default -> false;
    };
  }

  private static boolean isText(RelDataType type) {
    return type.getFamily() == SqlTypeFamily.CHARACTER;
  }

  /** The aggregate grouped without the moved positions, which become ANY_VALUE calls, in the original order. */
  private static RelNode regroup(LogicalAggregate agg, List<Integer> groupInputs, Set<Integer> moved) {
    RelNode input = agg.getInput();
    ImmutableBitSet.Builder groupSet = ImmutableBitSet.builder();
    List<AggregateCall> calls = new ArrayList<>(agg.getAggCallList());
    List<String> names = agg.getRowType().getFieldNames();
    for (int i = 0; i < groupInputs.size(); i++) {
      int field = groupInputs.get(i);
      if (moved.contains(i)) {
        calls.add(AggregateCall.create(SqlStdOperatorTable.ANY_VALUE, false, List.of(field), -1,
            input.getRowType().getFieldList().get(field).getType(), names.get(i)));
      } else {
        groupSet.set(field);
      }
    }
    LogicalAggregate regrouped = LogicalAggregate.create(input, List.of(), groupSet.build(), null, calls);
    int groups = groupInputs.size() - moved.size();
    int originalCalls = agg.getAggCallList().size();
    List<RexNode> out = new ArrayList<>();
    int kept = 0;
    int anyValue = 0;
    for (int i = 0; i < groupInputs.size(); i++) {
      int column = moved.contains(i) ? groups + originalCalls + anyValue++ : kept++;
      out.add(RexInputRef.of(column, regrouped.getRowType()));
    }
    for (int c = 0; c < originalCalls; c++) {
      out.add(RexInputRef.of(groups + c, regrouped.getRowType()));
    }
    RelNode result = LogicalProject.create(regrouped, List.of(), out, names, Set.of());
    return RelOptUtil.areRowTypesEqual(result.getRowType(), agg.getRowType(), false) ? result : agg;
  }
}
