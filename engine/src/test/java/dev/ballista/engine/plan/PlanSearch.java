package dev.ballista.engine.plan;

import java.util.function.Predicate;
import org.apache.calcite.rel.RelNode;

/** Finds nodes in logical plans, for planner tests. */
final class PlanSearch {
  private PlanSearch() {}

  /** The first node, depth first from {@code rel}, that {@code test} accepts; null when none does. */
  static RelNode first(RelNode rel, Predicate<RelNode> test) {
    if (test.test(rel)) {
      return rel;
    }
    for (RelNode input : rel.getInputs()) {
      RelNode found = first(input, test);
      if (found != null) {
        return found;
      }
    }
    return null;
  }
}
