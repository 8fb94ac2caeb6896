package dev.ballista.engine.exec;

import dev.ballista.engine.types.RowSchema;
import java.util.List;

/**
 * A physical operator. It states its schema, its children and how its output is partitioned, and runs one
 * partition at a time as a stream of batches. Exchanges are ordinary operators, so distribution shows in EXPLAIN.
 */
public interface ExecutionPlan {
  RowSchema schema();

  List<ExecutionPlan> children();

  Partitioning outputPartitioning();

  /** Runs partition {@code partition} of this operator. */
  BatchStream execute(int partition, TaskContext context);

  /** The same operator over new children (used when the planner rewrites the tree). */
  ExecutionPlan withChildren(List<ExecutionPlan> children);

  /** One line for EXPLAIN, without children. */
  String describe();
}
