package dev.ballista.executor;

import dev.ballista.engine.exec.shuffle.RecordBatches;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;

/**
 * The executor's memory for result batches waiting for their client: a final-stage task hands its batches over
 * here instead of writing them to disk, within a budget shared by every result on the executor. The batches are
 * copied out of the task's allocator, which closes when the task ends.
 */
final class HeldResults implements AutoCloseable {
  /** At most this much of one result is held; the rest waits for its reader or goes to the result file. */
  private static final long PER_RESULT_BYTES = 32L << 20;

  private final BufferAllocator allocator;
  private final long budget;
  private final long perResult;

  HeldResults(BufferAllocator executorAllocator) {
    this(executorAllocator, Executor.heldDataBudget(executorAllocator.getLimit()), PER_RESULT_BYTES);
  }

  HeldResults(BufferAllocator executorAllocator, long budget, long perResult) {
    this.allocator = executorAllocator.newChildAllocator("held-results", 0, Long.MAX_VALUE);
    this.budget = budget;
    this.perResult = perResult;
  }

  /** How much of one result may be held at a time. */
  long perResult() {
    return perResult;
  }

  /** Whether {@code bytes} more fit the budget now (several results may take the last room at once). */
  boolean fits(long bytes) {
    return allocator.getAllocatedMemory() + bytes <= budget;
  }

  /**
   * A copy of the batch in this memory. Copied rather than moved: a batch's buffers may be slices of a far larger
   * allocation (a scan's record batch, a sort's output) that moving would keep alive, uncounted, with the result.
   */
  ArrowRecordBatch copy(VectorSchemaRoot batch) {
    return RecordBatches.copy(batch, allocator);
  }

  long heldBytes() {
    return allocator.getAllocatedMemory();
  }

  @Override
  public void close() {
    allocator.close();
  }
}
