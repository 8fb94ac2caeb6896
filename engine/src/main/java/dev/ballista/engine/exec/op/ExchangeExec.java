package dev.ballista.engine.exec.op;

import dev.ballista.engine.exec.BatchStream;
import dev.ballista.engine.exec.ExecutionPlan;
import dev.ballista.engine.exec.UnaryExec;
import dev.ballista.engine.exec.Partitioning;
import dev.ballista.engine.exec.TaskContext;

/**
 * Redistributes its input to {@link #partitioning()}. A stage boundary: the distributed planner replaces it by a
 * shuffle write in the producing stage and a shuffle read in the consuming one, so it never runs itself.
 */
public final class ExchangeExec extends UnaryExec {
  private final Partitioning partitioning;

  public ExchangeExec(ExecutionPlan input, Partitioning partitioning) {
    super(input);
    this.partitioning = partitioning;
  }

  public Partitioning partitioning() {
    return partitioning;
  }

  @Override
  public Partitioning outputPartitioning() {
    return partitioning;
  }

  @Override
  protected ExecutionPlan withInput(ExecutionPlan newInput) {
    return new ExchangeExec(newInput, partitioning);
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
