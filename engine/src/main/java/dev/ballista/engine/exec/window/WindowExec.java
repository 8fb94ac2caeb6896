package dev.ballista.engine.exec.window;

import dev.ballista.engine.exec.BatchStream;
import dev.ballista.engine.exec.ExecutionPlan;
import dev.ballista.engine.exec.Partitioning;
import dev.ballista.engine.exec.TaskContext;
import dev.ballista.engine.exec.sort.SortKey;
import dev.ballista.engine.types.Column;
import dev.ballista.engine.types.RowSchema;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Window functions over one PARTITION BY / ORDER BY specification: appends one column per {@link WindowCall}
 * to its input's columns. The input must be partitioned so that each window partition lies in one of its
 * partitions (a hash exchange on the partition keys, or a single partition) and sorted by the partition keys
 * then the order keys (the planner puts a SortExec below). The operator streams: it buffers rows until a window
 * partition is complete, then evaluates every function over the complete partitions a batch region at a time.
 */
public final class WindowExec implements ExecutionPlan {
  private final ExecutionPlan input;
  private final int[] partitionKeys;
  private final List<SortKey> orderKeys;
  private final List<WindowCall> calls;
  private final RowSchema schema;

  public WindowExec(ExecutionPlan input, int[] partitionKeys, List<SortKey> orderKeys, List<WindowCall> calls) {
    this.input = input;
    this.partitionKeys = partitionKeys.clone();
    this.orderKeys = List.copyOf(orderKeys);
    this.calls = List.copyOf(calls);
    List<Column> columns = new ArrayList<>(input.schema().columns());
    for (WindowCall call : calls) {
      columns.add(Column.of(call.name(), call.type()));
    }
    this.schema = new RowSchema(columns);
  }

  public ExecutionPlan input() {
    return input;
  }

  public int[] partitionKeys() {
    return partitionKeys.clone();
  }

  public List<SortKey> orderKeys() {
    return orderKeys;
  }

  public List<WindowCall> calls() {
    return calls;
  }

  @Override
  public RowSchema schema() {
    return schema;
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
  public BatchStream execute(int partition, TaskContext context) {
    return new WindowStream(this, input.execute(partition, context), context);
  }

  @Override
  public ExecutionPlan withChildren(List<ExecutionPlan> children) {
    return new WindowExec(children.get(0), partitionKeys, orderKeys, calls);
  }

  @Override
  public String describe() {
    StringBuilder sb = new StringBuilder("WindowExec: partition=")
        .append(Arrays.stream(partitionKeys).mapToObj(k -> "#" + k).toList())
        .append(" order=").append(orderKeys).append(' ');
    for (int i = 0; i < calls.size(); i++) {
      sb.append(i == 0 ? "" : ", ").append(calls.get(i)).append(" AS ").append(calls.get(i).name());
    }
    return sb.toString();
  }
}
