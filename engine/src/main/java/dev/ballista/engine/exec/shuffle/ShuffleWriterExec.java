package dev.ballista.engine.exec.shuffle;

import dev.ballista.engine.ErrorCode;
import dev.ballista.engine.QueryException;
import dev.ballista.engine.exec.Batch;
import dev.ballista.engine.exec.BatchStream;
import dev.ballista.engine.exec.ExecutionPlan;
import dev.ballista.engine.exec.Partitioning;
import dev.ballista.engine.exec.TaskContext;
import dev.ballista.engine.exec.kernel.Gather;
import dev.ballista.engine.exec.kernel.Hashing;
import dev.ballista.engine.expr.PhysicalExpr;
import dev.ballista.engine.expr.Vectors;
import dev.ballista.engine.types.ArrowTypes;
import dev.ballista.engine.types.ClientTypes;
import dev.ballista.engine.types.DataType;
import dev.ballista.engine.types.RowSchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The top of every stage: runs one partition of the stage's plan and writes its output as Arrow IPC files, one
 * per output partition ({@code <workDir>/<job>/<stage>/<outputPartition>/data-<inputPartition>.arrow}). With
 * hash partitioning rows go to the file of their key's hash; otherwise everything goes to output partition 0.
 * Given a {@link MemoryShuffle}, an output partition is held there instead while its budget lasts. The final stage
 * writes client results: client types, uncompressed.
 */
public final class ShuffleWriterExec implements ExecutionPlan {
  private final ExecutionPlan input;
  private final String jobId;
  private final int stageId;
  private final Partitioning.Hash hashPartitioning;
  private final boolean clientResult;

  public ShuffleWriterExec(ExecutionPlan input, String jobId, int stageId, Partitioning.Hash hashPartitioning,
      boolean clientResult) {
    this.input = input;
    this.jobId = jobId;
    this.stageId = stageId;
    this.hashPartitioning = hashPartitioning;
    this.clientResult = clientResult;
  }

  public ExecutionPlan input() {
    return input;
  }

  public String jobId() {
    return jobId;
  }

  public int stageId() {
    return stageId;
  }

  /** Null when the output is not hash partitioned. */
  public Partitioning.Hash hashPartitioning() {
    return hashPartitioning;
  }

  public boolean clientResult() {
    return clientResult;
  }

  public int outputPartitionCount() {
    return hashPartitioning == null ? 1 : hashPartitioning.partitionCount();
  }

  /** Tasks of this stage: one per input partition. */
  public int inputPartitionCount() {
    return input.outputPartitioning().partitionCount();
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
    return hashPartitioning != null ? hashPartitioning : new Partitioning.Unknown(inputPartitionCount());
  }

  @Override
  public ExecutionPlan withChildren(List<ExecutionPlan> children) {
    return new ShuffleWriterExec(children.get(0), jobId, stageId, hashPartitioning, clientResult);
  }

  @Override
  public BatchStream execute(int partition, TaskContext context) {
    throw new IllegalStateException("a shuffle writer runs through write()");
  }

  /** Runs input partition {@code partition} to the end and writes its output files under {@code workDir}. */
  public List<ShuffleWriteResult> write(int partition, TaskContext context, Path workDir) {
    return write(partition, context, workDir, null, null);
  }

  /**
   * The same; a result stage's {@code follower} (may be null) is offered each batch to hold in memory and told as
   * the result file grows, so the result can stream to the client before the task ends. Another stage keeps its
   * output in {@code memory} (may be null) while its budget lasts, and writes the rest to its files; not when the
   * shuffle is compressed, as it is for executors on several hosts, where the files travel compressed.
   */
  public List<ShuffleWriteResult> write(int partition, TaskContext context, Path workDir,
      ResultListener follower, MemoryShuffle memory) {
    if (follower != null && (!clientResult || hashPartitioning != null)) {
      throw new IllegalArgumentException("only a result stage writes a file that clients follow");
    }
    RowSchema schema = schema();
    Schema fileSchema = clientResult ? ClientTypes.schema(schema) : ArrowTypes.storageSchema(schema);
    Outputs out = new Outputs(workDir.resolve(jobId).resolve(Integer.toString(stageId)), partition, fileSchema,
        context, follower, clientResult || context.compressShuffle() ? null : memory);
    boolean done = false;
    RowScratch scratch = new RowScratch();
    try (BatchStream in = input.execute(partition, context)) {
      if (hashPartitioning == null && !out.holdsInMemory()) {
        out.file(0); // opened at once: a client may be following it, and it exists even when no batch comes
      }
      Batch batch;
      while ((batch = in.next()) != null) {
        try (Batch b = batch) {
          context.checkCancelled();
          if (hashPartitioning == null) {
            writeWhole(b, out);
          } else {
            writePartitioned(b, out, context, scratch);
          }
        }
      }
      if (hashPartitioning == null && !out.any(0)) {
        out.file(0);
      }
      List<ShuffleWriteResult> results = out.finish();
      done = true;
      return results;
    } catch (IOException e) {
      throw new QueryException(ErrorCode.INTERNAL, "cannot write shuffle output: " + e.getMessage(), e);
    } finally {
      if (!done) {
        out.abort();
      }
    }
  }

  /**
   * Where a task's output partitions go: to memory while it has room (not for a result stage), then to a file
   * ({@code <stageDir>/<outputPartition>/data-<inputPartition>.arrow}).
   */
  private final class Outputs {
    private final Path stageDir;
    private final int inputPartition;
    private final Schema fileSchema;
    private final TaskContext context;
    private final ResultListener follower;
    private final MemoryShuffle memory;
    private final IpcBatchWriter[] files;
    private final MemoryShuffle.Pending[] held;
    private final long[] heldRows;
    private final long[] heldBatches;

    Outputs(Path stageDir, int inputPartition, Schema fileSchema, TaskContext context, ResultListener follower,
        MemoryShuffle memory) {
      this.stageDir = stageDir;
      this.inputPartition = inputPartition;
      this.fileSchema = fileSchema;
      this.context = context;
      this.follower = follower;
      this.memory = memory;
      int n = outputPartitionCount();
      this.files = new IpcBatchWriter[n];
      this.held = new MemoryShuffle.Pending[n];
      this.heldRows = new long[n];
      this.heldBatches = new long[n];
    }

    private Path path(int outputPartition) {
      return stageDir.resolve(Integer.toString(outputPartition)).resolve("data-" + inputPartition + ".arrow");
    }

    IpcBatchWriter file(int p) throws IOException {
      if (files[p] == null) {
        files[p] = new IpcBatchWriter(path(p), fileSchema, !clientResult && context.compressShuffle(), follower);
      }
      return files[p];
    }

    boolean holdsInMemory() {
      return memory != null;
    }

    boolean any(int p) {
      return files[p] != null || heldBatches[p] > 0;
    }

    void write(int p, Batch b) throws IOException {
      if (memory != null && (files[p] == null)) {
        if (held[p] == null) {
          held[p] = memory.begin(jobId, path(p), fileSchema);
        }
        VectorSchemaRoot root = new VectorSchemaRoot(fileSchema.getFields(), Arrays.asList(b.columns()),
            b.rowCount());
        if (held[p].offer(root)) {
          heldRows[p] += b.rowCount();
          heldBatches[p]++;
          return;
        }
      }
      file(p).write(b);
    }

    List<ShuffleWriteResult> finish() throws IOException {
      List<ShuffleWriteResult> results = new ArrayList<>();
      for (int p = 0; p < files.length; p++) {
        long rows = heldRows[p];
        long batches = heldBatches[p];
        long bytes = held[p] == null ? 0 : held[p].bytes();
        if (files[p] != null) {
          files[p].close();
          rows += files[p].rows();
          batches += files[p].batches();
          bytes += Files.size(files[p].path()) + files[p].heldBytes();
        }
        if (held[p] != null) {
          held[p].commit();
        }
        if (files[p] != null || batches > 0) {
          results.add(new ShuffleWriteResult(p, path(p).toString(), rows, batches, bytes));
        }
      }
      return results;
    }

    void abort() {
      for (int p = 0; p < files.length; p++) {
        if (files[p] != null) {
          files[p].abort();
        }
        if (held[p] != null) {
          held[p].abort();
        }
      }
    }
  }

  private void writeWhole(Batch b, Outputs out) throws IOException {
    if (!clientResult) {
      out.write(0, b);
      return;
    }
    RowSchema schema = schema();
    FieldVector[] converted = new FieldVector[b.columnCount()];
    for (int c = 0; c < converted.length; c++) {
      converted[c] = ClientTypes.convert(Vectors.share(b.column(c), b.column(c).getAllocator()), schema.column(c),
          b.column(c).getAllocator());
    }
    try (Batch clientBatch = new Batch(converted, b.rowCount())) {
      out.file(0).write(clientBatch);
    }
  }

  private void writePartitioned(Batch b, Outputs out, TaskContext context, RowScratch scratch) throws IOException {
    int rows = b.rowCount();
    int n = outputPartitionCount();
    List<PhysicalExpr> keys = hashPartitioning.keys();
    FieldVector[] keyVectors = new FieldVector[keys.size()];
    DataType[] keyTypes = new DataType[keys.size()];
    scratch.ensure(rows);
    long[] hashes = scratch.hashes;
    try {
      for (int k = 0; k < keyVectors.length; k++) {
        keyVectors[k] = keys.get(k).evaluate(b, context);
        keyTypes[k] = keys.get(k).type();
      }
      Hashing.hashRows(keyVectors, keyTypes, rows, hashes);
    } finally {
      for (FieldVector v : keyVectors) {
        if (v != null) {
          v.close();
        }
      }
    }
    // Counting sort of row indices by target partition.
    int[] counts = new int[n + 1];
    int[] target = scratch.target;
    for (int i = 0; i < rows; i++) {
      int p = partitionOf(hashes[i], n);
      target[i] = p;
      counts[p + 1]++;
    }
    for (int p = 0; p < n; p++) {
      counts[p + 1] += counts[p];
    }
    int[] order = scratch.order;
    int[] cursor = counts.clone();
    for (int i = 0; i < rows; i++) {
      order[cursor[target[i]]++] = i;
    }
    RowSchema schema = schema();
    for (int p = 0; p < n; p++) {
      int count = counts[p + 1] - counts[p];
      if (count == 0) {
        continue;
      }
      int[] indices = java.util.Arrays.copyOfRange(order, counts[p], counts[p + 1]);
      FieldVector[] columns = new FieldVector[b.columnCount()];
      for (int c = 0; c < columns.length; c++) {
        columns[c] = Gather.take(b.column(c), schema.type(c), indices, count, context.allocator());
      }
      try (Batch part = new Batch(columns, count)) {
        out.write(p, part);
      }
    }
  }

  /** Per-row arrays of a task's partitioning, kept from batch to batch instead of allocated for each. */
  private static final class RowScratch {
    long[] hashes = new long[0];
    int[] target = new int[0];
    int[] order = new int[0];

    void ensure(int rows) {
      if (hashes.length < rows) {
        hashes = new long[rows];
        target = new int[rows];
        order = new int[rows];
      }
    }
  }

  /** The partition of a row hash; shared with joins that must agree on placement. */
  public static int partitionOf(long hash, int partitions) {
    return (int) ((hash >>> 1) % partitions);
  }

  @Override
  public String describe() {
    return "ShuffleWriterExec: stage=" + stageId + (hashPartitioning == null ? "" : " " + hashPartitioning)
        + (clientResult ? " (result)" : "");
  }
}
