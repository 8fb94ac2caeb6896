package dev.ballista.bench;

import dev.ballista.engine.exec.Batch;
import dev.ballista.engine.exec.BatchStream;
import dev.ballista.engine.exec.ExecutionPlan;
import dev.ballista.engine.exec.Partitioning;
import dev.ballista.engine.exec.TaskContext;
import dev.ballista.engine.expr.Vectors;
import dev.ballista.engine.types.RowSchema;
import java.util.List;
import org.apache.arrow.vector.FieldVector;

/**
 * A leaf operator over batches already in memory, so a benchmark measures the operator above it and not a file
 * reader. Each execution hands out zero-copy shares of the batches (as an exchange or a scan would hand out
 * fresh ones), so the operator under test may close them; this object keeps the originals until {@link #close()}.
 */
final class MemoryExec implements ExecutionPlan, AutoCloseable {
  private final RowSchema schema;
  private final List<Batch> batches;
  private final long rowCount;

  MemoryExec(RowSchema schema, List<Batch> batches) {
    this.schema = schema;
    this.batches = List.copyOf(batches);
    this.rowCount = batches.stream().mapToLong(Batch::rowCount).sum();
  }

  long rowCount() {
    return rowCount;
  }

  @Override
  public RowSchema schema() {
    return schema;
  }

  @Override
  public List<ExecutionPlan> children() {
    return List.of();
  }

  @Override
  public Partitioning outputPartitioning() {
    return new Partitioning.Single();
  }

  @Override
  public ExecutionPlan withChildren(List<ExecutionPlan> children) {
    return this;
  }

  @Override
  public BatchStream execute(int partition, TaskContext context) {
    return new BatchStream() {
      private int next;

      @Override
      public Batch next() {
        if (next >= batches.size()) {
          return null;
        }
        Batch b = batches.get(next++);
        FieldVector[] shared = new FieldVector[b.columnCount()];
        for (int c = 0; c < shared.length; c++) {
          shared[c] = Vectors.share(b.column(c), context.allocator());
        }
        return new Batch(shared, b.rowCount());
      }

      @Override
      public void close() {}
    };
  }

  @Override
  public String describe() {
    return "MemoryExec: batches=" + batches.size() + " rows=" + rowCount;
  }

  @Override
  public void close() {
    batches.forEach(Batch::close);
  }
}
