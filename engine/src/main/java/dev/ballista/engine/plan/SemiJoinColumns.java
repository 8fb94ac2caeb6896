package dev.ballista.engine.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelShuttleImpl;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rel.logical.LogicalJoin;
import org.apache.calcite.rel.logical.LogicalProject;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.util.ImmutableBitSet;

/**
 * The right input of a semi or anti join keeps only the columns its condition reads: none of its columns reach the
 * join's output, but Calcite's field trimmer leaves those a filter below reads (TPC-H Q4 shuffled lineitem's commit
 * and receipt dates next to its order key, only to test the key).
 */
final class SemiJoinColumns extends RelShuttleImpl {
  private SemiJoinColumns() {}

  static RelNode rewrite(RelNode rel) {
    return rel.accept(new SemiJoinColumns());
  }

  @Override
  public RelNode visit(LogicalJoin join) {
    RelNode visited = super.visit(join);
    if (!(visited instanceof LogicalJoin j)
        || (j.getJoinType() != JoinRelType.SEMI && j.getJoinType() != JoinRelType.ANTI)) {
      return visited;
    }
    int leftWidth = j.getLeft().getRowType().getFieldCount();
    int rightWidth = j.getRight().getRowType().getFieldCount();
    ImmutableBitSet read = RelOptUtil.InputFinder.bits(j.getCondition());
    List<Integer> kept = new ArrayList<>();
    for (int field : read) {
      if (field >= leftWidth) {
        kept.add(field - leftWidth);
      }
    }
    if (kept.isEmpty() || kept.size() == rightWidth) {
      return j;
    }
    List<RexNode> refs = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (int field : kept) {
      refs.add(RexInputRef.of(field, j.getRight().getRowType()));
      names.add(j.getRight().getRowType().getFieldNames().get(field));
    }
    RelNode right = LogicalProject.create(j.getRight(), List.of(), refs, names, Set.of());
    RexNode condition = j.getCondition().accept(new RexShuttle() {
      @Override
      public RexNode visitInputRef(RexInputRef ref) {
        int i = ref.getIndex();
        return i < leftWidth ? ref : new RexInputRef(leftWidth + kept.indexOf(i - leftWidth), ref.getType());
      }
    });
    return j.copy(j.getTraitSet(), condition, j.getLeft(), right, j.getJoinType(), j.isSemiJoinDone());
  }
}
