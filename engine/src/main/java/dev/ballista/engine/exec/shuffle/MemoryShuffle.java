package dev.ballista.engine.exec.shuffle;

import dev.ballista.engine.exec.Batch;
import dev.ballista.engine.exec.BatchStream;
import dev.ballista.engine.exec.TaskContext;
import dev.ballista.engine.memory.Allocators;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.OutOfMemoryException;
import org.apache.arrow.vector.VectorLoader;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Shuffle output kept in memory instead of in its shuffle file, for readers in the same JVM (the executors of a
 * standalone cluster share one) and for the holder's Flight server: writing a file copies every byte into the page
 * cache and reading it back copies it again, which costs more than the query's own work on small stages. Within a
 * byte budget; a task's output that does not fit goes on into its file, so a partition is read from here and then
 * from its file. Entries are named by the file's path, and are released with their job's shuffle data.
 *
 * <p>Tasks read copies, made batch by batch: operators own the vectors they are given, and a partition may be read
 * by several tasks (a broadcast build side, a retry).
 */
public final class MemoryShuffle implements AutoCloseable {
  private record Held(Schema schema, List<ArrowRecordBatch> batches, long bytes) {}

  private final BufferAllocator allocator;
  private final long budget;
  private final Map<String, Map<Path, Held>> jobs = new ConcurrentHashMap<>();

  public MemoryShuffle(long budget) {
    this.allocator = Allocators.root(budget);
    this.budget = budget;
  }

  /** The output a task is writing to the shuffle file at {@code path}, held once it is committed. */
  public Pending begin(String jobId, Path path, Schema schema) {
    return new Pending(jobId, path.toAbsolutePath().normalize(), schema);
  }

  /** Whether anything is held for the file at {@code path}. */
  public boolean holds(String jobId, Path path) {
    Map<Path, Held> files = jobs.get(jobId);
    return files != null && files.containsKey(path.toAbsolutePath().normalize());
  }

  /** The schema of what is held for the file at {@code path}, or null when nothing is. */
  public Schema schema(String jobId, Path path) {
    Map<Path, Held> files = jobs.get(jobId);
    Held held = files == null ? null : files.get(path.toAbsolutePath().normalize());
    return held == null ? null : held.schema();
  }

  /**
   * The batches held for the file at {@code path}, each a new reference to the held buffers (the caller closes
   * them, and a release meanwhile frees nothing under it); null when nothing is held.
   */
  public synchronized List<ArrowRecordBatch> views(String jobId, Path path) {
    Map<Path, Held> files = jobs.get(jobId);
    Held held = files == null ? null : files.get(path.toAbsolutePath().normalize());
    if (held == null) {
      return null;
    }
    List<ArrowRecordBatch> out = new ArrayList<>(held.batches().size());
    for (ArrowRecordBatch batch : held.batches()) {
      out.add(new ArrowRecordBatch(batch.getLength(), batch.getNodes(), batch.getBuffers())); // retains them
    }
    return out;
  }

  /**
   * The batches held for the file at {@code path} as a stream of the task's batches, each copied into the task's
   * allocator as it is read; null when none are held.
   */
  public BatchStream read(String jobId, Path path, TaskContext context) {
    Schema schema = schema(jobId, path);
    List<ArrowRecordBatch> batches = schema == null ? null : views(jobId, path);
    if (batches == null) {
      return null;
    }
    Deque<ArrowRecordBatch> left = new ArrayDeque<>(batches);
    return new BatchStream() {
      @Override
      public Batch next() {
        context.checkCancelled();
        ArrowRecordBatch next = left.poll();
        if (next == null) {
          return null;
        }
        try (next; ArrowRecordBatch copy = RecordBatches.copy(next, context.allocator());
             VectorSchemaRoot root = VectorSchemaRoot.create(schema, context.allocator())) {
          new VectorLoader(root).load(copy);
          return Batch.takeFrom(root, context.allocator());
        }
      }

      @Override
      public void close() {
        left.forEach(ArrowRecordBatch::close);
        left.clear();
      }
    };
  }

  /** Frees what is held for the job: its shuffle data is no longer needed (the job completed, failed or went). */
  public synchronized void release(String jobId) {
    Map<Path, Held> files = jobs.remove(jobId);
    if (files != null) {
      files.values().forEach(held -> held.batches().forEach(ArrowRecordBatch::close));
    }
  }

  public long heldBytes() {
    return allocator.getAllocatedMemory();
  }

  private synchronized void commit(String jobId, Path path, Held held) {
    Held previous = jobs.computeIfAbsent(jobId, id -> new ConcurrentHashMap<>()).put(path, held);
    if (previous != null) {
      previous.batches().forEach(ArrowRecordBatch::close); // an earlier attempt's output for the same file
    }
  }

  @Override
  public synchronized void close() {
    for (String jobId : List.copyOf(jobs.keySet())) {
      release(jobId);
    }
    allocator.close();
  }

  /** One task's output for one shuffle file, collected batch by batch. */
  public final class Pending {
    private final String jobId;
    private final Path path;
    private final Schema schema;
    private final List<ArrowRecordBatch> batches = new ArrayList<>();
    private long bytes;
    private boolean full;

    private Pending(String jobId, Path path, Schema schema) {
      this.jobId = jobId;
      this.path = path;
      this.schema = schema;
    }

    /**
     * Keeps a copy of the batch (the caller keeps its own) and answers true, or answers false when the budget is
     * spent: then this batch and every later one belong in the file.
     */
    public boolean offer(VectorSchemaRoot batch) {
      long size = RecordBatches.bufferBytes(batch);
      if (full || allocator.getAllocatedMemory() + size > budget) {
        full = true;
        return false;
      }
      try {
        batches.add(RecordBatches.copy(batch, allocator));
      } catch (OutOfMemoryException e) {
        full = true; // other tasks took the room meanwhile
        return false;
      }
      bytes += size;
      return true;
    }

    /** Bytes of the batches kept. */
    public long bytes() {
      return bytes;
    }

    /** The task succeeded: readers find these batches from now on. */
    public void commit() {
      if (batches.isEmpty()) {
        return;
      }
      MemoryShuffle.this.commit(jobId, path, new Held(schema, List.copyOf(batches), bytes));
      batches.clear();
    }

    /** The task failed: drop what it kept. */
    public void abort() {
      batches.forEach(ArrowRecordBatch::close);
      batches.clear();
    }
  }
}
