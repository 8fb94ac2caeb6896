package dev.ballista.engine.exec.op;

import dev.ballista.engine.exec.BatchStream;
import dev.ballista.engine.exec.ExecutionPlan;
import dev.ballista.engine.exec.Partitioning;
import dev.ballista.engine.exec.TaskContext;
import dev.ballista.engine.types.RowSchema;
import java.util.List;

/**
 * Redistributes its input to {@link #partitioning()}. A stage boundary: the distributed planner replaces it by a
 * shuffle write in the producing stage and a shuffle read in the consuming one, so it never runs itself.
 */
public final class ExchangeExec implements ExecutionPlan {
  private final ExecutionPlan input;
  private final Partitioning partitioning;

  public ExchangeExec(ExecutionPlan input, Partitioning partitioning) {
    this.input = input;
    this.partitioning = partitioning;
  }

  public Partitioning partitioning() {
    return partitioning;
  }

  @Override
  public RowSchema schema() {
    return input.schema();
  }

  @Override
  public List<ExecutionPlan> children() {
    return List.of(input);
  }

  @Override
  public Partitioning outputPartitioning() {
    return partitioning;
  }

  @Override
  public ExecutionPlan withChildren(List<ExecutionPlan> children) {
    return new ExchangeExec(children.get(0), partitioning);
  }

  @Override
  public BatchStream execute(int partition, TaskContext context) {
    throw new IllegalStateException("an exchange runs as a shuffle between stages");
  }

  @Override
  public String describe() {
    return "ExchangeExec: " + partitioning;
  }
}
