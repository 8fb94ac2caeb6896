package dev.ballista.engine.exec;

import dev.ballista.engine.types.RowSchema;
import java.util.ArrayList;
import java.util.List;

/**
 * Counts what an operator produces without the operator knowing: rows and batches out, and the time spent in its
 * {@code execute} and {@code next} calls. Two clock reads per batch, nothing per row. {@link #instrument} wraps every
 * node of a plan tree, numbering them in pre-order (the order of EXPLAIN lines).
 */
public final class MeteredExec implements ExecutionPlan {
  private final ExecutionPlan delegate;
  private final OperatorCounters counters;

  private MeteredExec(ExecutionPlan delegate, OperatorCounters counters) {
    this.delegate = delegate;
    this.counters = counters;
  }

  /**
   * The plan with every node metered; {@code counters} receives one entry per node in pre-order, starting after
   * what it already holds.
   */
  public static ExecutionPlan instrument(ExecutionPlan plan, List<OperatorCounters> counters) {
    OperatorCounters mine = new OperatorCounters();
    counters.add(mine);
    List<ExecutionPlan> children = new ArrayList<>();
    for (ExecutionPlan child : plan.children()) {
      children.add(instrument(child, counters));
    }
    return new MeteredExec(children.isEmpty() ? plan : plan.withChildren(children), mine);
  }

  @Override
  public RowSchema schema() {
    return delegate.schema();
  }

  @Override
  public List<ExecutionPlan> children() {
    return delegate.children();
  }

  @Override
  public Partitioning outputPartitioning() {
    return delegate.outputPartitioning();
  }

  @Override
  public BatchStream execute(int partition, TaskContext context) {
    long start = System.nanoTime();
    BatchStream stream;
    try {
      stream = delegate.execute(partition, context);
    } finally {
      counters.addTime(System.nanoTime() - start);
    }
    return new BatchStream() {
      @Override
      public Batch next() {
        long t = System.nanoTime();
        try {
          Batch b = stream.next();
          if (b != null) {
            counters.addBatch(b.rowCount());
          }
          return b;
        } finally {
          counters.addTime(System.nanoTime() - t);
        }
      }

      @Override
      public void close() {
        stream.close();
      }
    };
  }

  @Override
  public ExecutionPlan withChildren(List<ExecutionPlan> children) {
    return new MeteredExec(delegate.withChildren(children), counters);
  }

  @Override
  public String describe() {
    return delegate.describe();
  }
}
