package dev.ballista.engine.exec;

import dev.ballista.engine.types.RowSchema;
import java.util.List;

/**
 * Base of operators with one input whose rows keep the input's schema and placement (filter, limit, sort): they
 * only say how to rebuild themselves over a new input and how to run.
 */
public abstract class UnaryExec implements ExecutionPlan {
  protected final ExecutionPlan input;

  protected UnaryExec(ExecutionPlan input) {
    this.input = input;
  }

  public ExecutionPlan input() {
    return input;
  }

  /** The same operator over another input. */
  protected abstract ExecutionPlan withInput(ExecutionPlan newInput);

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
    return input.outputPartitioning();
  }

  @Override
  public final ExecutionPlan withChildren(List<ExecutionPlan> children) {
    return withInput(children.get(0));
  }
}
