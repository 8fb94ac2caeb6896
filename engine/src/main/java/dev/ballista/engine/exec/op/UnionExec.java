package dev.ballista.engine.exec.op;

import dev.ballista.engine.exec.BatchStream;
import dev.ballista.engine.exec.ExecutionPlan;
import dev.ballista.engine.exec.Partitioning;
import dev.ballista.engine.exec.TaskContext;
import dev.ballista.engine.types.Column;
import dev.ballista.engine.types.DataType;
import dev.ballista.engine.types.RowSchema;
import java.util.List;

/**
 * UNION ALL: the partitions of its children one after another, so partition p is some child's partition and no
 * rows move. Children have the union's column types (the planner casts them); DISTINCT is an aggregate above.
 */
public final class UnionExec implements ExecutionPlan {
  private final List<ExecutionPlan> inputs;
  private final RowSchema schema;

  public UnionExec(List<ExecutionPlan> inputs, RowSchema schema) {
    if (inputs.isEmpty()) {
      throw new IllegalArgumentException("a union needs at least one input");
    }
    for (ExecutionPlan input : inputs) {
      if (!types(input.schema()).equals(types(schema))) {
        throw new IllegalArgumentException("union input types " + types(input.schema()) + " differ from "
            + types(schema));
      }
    }
    this.inputs = List.copyOf(inputs);
    this.schema = schema;
  }

  private static List<DataType> types(RowSchema schema) {
    return schema.columns().stream().map(Column::type).toList();
  }

  @Override
  public RowSchema schema() {
    return schema;
  }

  @Override
  public List<ExecutionPlan> children() {
    return inputs;
  }

  @Override
  public Partitioning outputPartitioning() {
    int partitions = 0;
    for (ExecutionPlan input : inputs) {
      partitions += input.outputPartitioning().partitionCount();
    }
    return partitions == 1 ? new Partitioning.Single() : new Partitioning.Unknown(partitions);
  }

  @Override
  public ExecutionPlan withChildren(List<ExecutionPlan> children) {
    return new UnionExec(children, schema);
  }

  @Override
  public BatchStream execute(int partition, TaskContext context) {
    int p = partition;
    for (ExecutionPlan input : inputs) {
      int count = input.outputPartitioning().partitionCount();
      if (p < count) {
        return input.execute(p, context);
      }
      p -= count;
    }
    throw new IllegalArgumentException("union has no partition " + partition);
  }

  @Override
  public String describe() {
    return "UnionExec: inputs=" + inputs.size();
  }
}
