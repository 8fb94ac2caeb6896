package dev.ballista.engine.plan;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelShuttleImpl;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.util.ImmutableBitSet;

/**
 * Derives single-column predicates implied by a disjunction, so they can be pushed below joins: from
 * {@code (n1.name = 'FRANCE' AND n2.name = 'GERMANY') OR (n1.name = 'GERMANY' AND n2.name = 'FRANCE')} it adds
 * {@code (n1.name = 'FRANCE' OR n1.name = 'GERMANY')} and the same for {@code n2.name}. The disjunction itself stays
 * (the added predicates are implied by it, so results do not change), but each nation side of TPC-H Q7, and the
 * part and lineitem sides of Q19, are filtered before they are joined instead of after. A column qualifies when
 * every disjunct restricts it with conjuncts that read no other column.
 */
final class DisjunctionFactoring extends RelShuttleImpl {
  private DisjunctionFactoring() {}

  static RelNode rewrite(RelNode rel) {
    return rel.accept(new DisjunctionFactoring());
  }

  @Override
  public RelNode visit(org.apache.calcite.rel.logical.LogicalFilter filter) {
    RelNode input = filter.getInput().accept(this);
    RexBuilder rex = filter.getCluster().getRexBuilder();
    List<RexNode> conjuncts = RelOptUtil.conjunctions(filter.getCondition());
    Set<String> present = new LinkedHashSet<>();
    for (RexNode c : conjuncts) {
      present.add(c.toString());
    }
    List<RexNode> added = new ArrayList<>();
    for (RexNode conjunct : conjuncts) {
      if (conjunct.getKind() != SqlKind.OR) {
        continue;
      }
      for (RexNode derived : implied(rex, RelOptUtil.disjunctions(conjunct))) {
        if (present.add(derived.toString())) {
          added.add(derived);
        }
      }
    }
    if (added.isEmpty()) {
      return input == filter.getInput() ? filter : filter.copy(filter.getTraitSet(), input, filter.getCondition());
    }
    List<RexNode> all = new ArrayList<>(conjuncts);
    all.addAll(added);
    return filter.copy(filter.getTraitSet(), input, RexUtil.composeConjunction(rex, all));
  }

  /** For each column every disjunct restricts on its own: the OR of those restrictions. */
  private static List<RexNode> implied(RexBuilder rex, List<RexNode> disjuncts) {
    Map<Integer, List<RexNode>> perColumn = null;
    List<Map<Integer, List<RexNode>>> byDisjunct = new ArrayList<>();
    for (RexNode disjunct : disjuncts) {
      Map<Integer, List<RexNode>> columns = new LinkedHashMap<>();
      for (RexNode c : RelOptUtil.conjunctions(disjunct)) {
        ImmutableBitSet refs = RelOptUtil.InputFinder.bits(c);
        if (refs.cardinality() == 1 && RexUtil.isDeterministic(c)) {
          columns.computeIfAbsent(refs.nth(0), k -> new ArrayList<>()).add(c);
        }
      }
      byDisjunct.add(columns);
      if (perColumn == null) {
        perColumn = new LinkedHashMap<>(columns);
      } else {
        perColumn.keySet().retainAll(columns.keySet());
      }
    }
    List<RexNode> out = new ArrayList<>();
    if (perColumn == null) {
      return out;
    }
    for (int column : perColumn.keySet()) {
      List<RexNode> alternatives = new ArrayList<>();
      for (Map<Integer, List<RexNode>> columns : byDisjunct) {
        alternatives.add(RexUtil.composeConjunction(rex, columns.get(column)));
      }
      out.add(RexUtil.composeDisjunction(rex, alternatives));
    }
    return out;
  }
}
