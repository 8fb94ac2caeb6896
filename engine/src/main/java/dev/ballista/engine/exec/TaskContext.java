package dev.ballista.engine.exec;

import dev.ballista.engine.ErrorCode;
import dev.ballista.engine.QueryException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.arrow.memory.BufferAllocator;

/**
 * What one running task gives its operators: the task's allocator (its limit is the task's memory budget), the
 * batch size, the way to read shuffle input, and cancellation. Operators check {@link #checkCancelled()} between
 * batches, so a cancelled query stops within one batch.
 */
public final class TaskContext {
  public static final int DEFAULT_BATCH_SIZE = 16 * 1024;

  private final BufferAllocator allocator;
  private final int batchSize;
  private final ShuffleReader shuffleReader;
  private volatile boolean cancelled;
  private boolean compressShuffle = true;
  private final AtomicLong inputRows = new AtomicLong();
  private final AtomicLong inputBytes = new AtomicLong();
  private final AtomicLong spilledBytes = new AtomicLong();

  public TaskContext(BufferAllocator allocator, int batchSize, ShuffleReader shuffleReader) {
    this.allocator = allocator;
    this.batchSize = batchSize > 0 ? batchSize : DEFAULT_BATCH_SIZE;
    this.shuffleReader = shuffleReader;
  }

  public BufferAllocator allocator() {
    return allocator;
  }

  public int batchSize() {
    return batchSize;
  }

  public ShuffleReader shuffleReader() {
    if (shuffleReader == null) {
      throw new IllegalStateException("this task has no shuffle input");
    }
    return shuffleReader;
  }

  /** Whether shuffle files are compressed: worth it when they cross a network, wasted when they stay on the host. */
  public boolean compressShuffle() {
    return compressShuffle;
  }

  public TaskContext compressShuffle(boolean compress) {
    this.compressShuffle = compress;
    return this;
  }

  public void cancel() {
    cancelled = true;
  }

  public boolean isCancelled() {
    return cancelled;
  }

  public void checkCancelled() {
    if (cancelled) {
      throw new QueryException(ErrorCode.CANCELLED, "query was cancelled");
    }
  }

  /** Counts a batch read from a table (its rows and buffer bytes) and returns it. */
  public Batch countInput(Batch batch) {
    addInputRows(batch.rowCount());
    addInputBytes(batch.bufferSize());
    return batch;
  }

  public void addInputRows(long rows) {
    inputRows.addAndGet(rows);
  }

  public long inputRows() {
    return inputRows.get();
  }

  /** Arrow buffer bytes of batches read from tables and shuffle inputs. */
  public void addInputBytes(long bytes) {
    inputBytes.addAndGet(bytes);
  }

  public long inputBytes() {
    return inputBytes.get();
  }

  /** Bytes an operator wrote to disk to stay within the task's memory. */
  public void addSpilledBytes(long bytes) {
    spilledBytes.addAndGet(bytes);
  }

  public long spilledBytes() {
    return spilledBytes.get();
  }
}
