package dev.ballista.engine.plan;

import com.google.common.collect.ImmutableSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelShuttleImpl;
import org.apache.calcite.rel.core.CorrelationId;
import org.apache.calcite.rel.core.Filter;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rel.core.Project;
import org.apache.calcite.rel.logical.LogicalFilter;
import org.apache.calcite.rel.logical.LogicalJoin;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCorrelVariable;
import org.apache.calcite.rex.RexFieldAccess;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.rex.RexSubQuery;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.SqlKind;

/**
 * Turns {@code WHERE [NOT] EXISTS (SELECT ... FROM r WHERE <condition on r and the outer row>)} into a semi (anti)
 * join of the outer rows with {@code r} on that condition, before Calcite's general sub-query removal. Calcite would
 * decorrelate such a sub-query by joining {@code r} with every distinct outer row and aggregating, which computes the
 * outer query several times when the correlation is not a plain equality (TPC-H Q21's {@code l2.l_suppkey <>
 * l1.l_suppkey}); a semi join with a residual condition does it in one pass. Other sub-queries are left to Calcite.
 */
final class ExistsToSemiJoin extends RelShuttleImpl {
  private ExistsToSemiJoin() {}

  static RelNode rewrite(RelNode rel) {
    return rel.accept(new ExistsToSemiJoin());
  }

  @Override
  public RelNode visit(LogicalFilter filter) {
    RelNode visited = super.visit(filter);
    if (!(visited instanceof LogicalFilter f) || f.getVariablesSet().isEmpty()) {
      return visited;
    }
    RexBuilder rexBuilder = f.getCluster().getRexBuilder();
    List<RexNode> kept = new ArrayList<>();
    List<RelNode> rights = new ArrayList<>();
    List<RexNode> conditions = new ArrayList<>();
    List<JoinRelType> types = new ArrayList<>();
    int leftCount = f.getInput().getRowType().getFieldCount();
    for (RexNode conjunct : RelOptUtil.conjunctions(f.getCondition())) {
      boolean negated = conjunct.getKind() == SqlKind.NOT;
      RexNode inner = negated ? ((org.apache.calcite.rex.RexCall) conjunct).getOperands().get(0) : conjunct;
      if (inner instanceof RexSubQuery subQuery && subQuery.getKind() == SqlKind.EXISTS) {
        RelNode body = subQuery.rel;
        while (body instanceof Project project && RelOptUtil.getVariablesUsed(project).isEmpty()
            && !RexUtil.containsCorrelation(RexUtil.composeConjunction(rexBuilder, project.getProjects()))) {
          body = project.getInput();
        }
        if (body instanceof Filter bodyFilter && RelOptUtil.getVariablesUsed(bodyFilter.getInput()).isEmpty()) {
          RexNode condition = rebase(bodyFilter.getCondition(), f.getVariablesSet(), leftCount, rexBuilder);
          if (condition != null) {
            // Conditions on the sub-query's rows alone filter them before the join.
            List<RexNode> joinConditions = new ArrayList<>();
            List<RexNode> rightOnly = new ArrayList<>();
            for (RexNode c : RelOptUtil.conjunctions(condition)) {
              org.apache.calcite.util.ImmutableBitSet used = RelOptUtil.InputFinder.bits(c);
              if (!used.isEmpty() && used.nextSetBit(0) >= leftCount) {
                rightOnly.add(RexUtil.shift(c, -leftCount));
              } else {
                joinConditions.add(c);
              }
            }
            RelNode right = bodyFilter.getInput();
            if (!rightOnly.isEmpty()) {
              right = LogicalFilter.create(right, RexUtil.composeConjunction(rexBuilder, rightOnly));
            }
            rights.add(right);
            conditions.add(RexUtil.composeConjunction(rexBuilder, joinConditions));
            types.add(negated ? JoinRelType.ANTI : JoinRelType.SEMI);
            continue;
          }
        }
      }
      kept.add(conjunct);
    }
    if (rights.isEmpty()) {
      return visited;
    }
    RelNode result = kept.isEmpty() ? f.getInput() : LogicalFilter.create(f.getInput(),
        RexUtil.composeConjunction(rexBuilder, kept), ImmutableSet.copyOf(f.getVariablesSet()));
    for (int i = 0; i < rights.size(); i++) {
      result = LogicalJoin.create(result, rights.get(i), List.of(), conditions.get(i), Set.of(), types.get(i));
    }
    return result;
  }

  /**
   * The sub-query's condition over (outer row, sub-query row): outer fields through the filter's correlation variable
   * become the left inputs, the sub-query's own fields shift right. Null when it cannot be expressed so (another
   * correlation, nested sub-queries).
   */
  private static RexNode rebase(RexNode condition, Set<CorrelationId> outer, int leftCount, RexBuilder rexBuilder) {
    boolean[] failed = {false};
    RexNode rebased = condition.accept(new RexShuttle() {
      @Override
      public RexNode visitInputRef(RexInputRef ref) {
        return new RexInputRef(ref.getIndex() + leftCount, ref.getType());
      }

      @Override
      public RexNode visitFieldAccess(RexFieldAccess access) {
        if (access.getReferenceExpr() instanceof RexCorrelVariable v && outer.contains(v.id)) {
          return new RexInputRef(access.getField().getIndex(), access.getType());
        }
        failed[0] = true;
        return access;
      }

      @Override
      public RexNode visitCorrelVariable(RexCorrelVariable variable) {
        failed[0] = true;
        return variable;
      }

      @Override
      public RexNode visitSubQuery(RexSubQuery subQuery) {
        failed[0] = true;
        return subQuery;
      }
    });
    return failed[0] ? null : rebased;
  }
}
