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
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The top of every stage: runs one partition of the stage's plan and writes its output as Arrow IPC files, one
 * per output partition ({@code <workDir>/<job>/<stage>/<outputPartition>/data-<inputPartition>.arrow}). With
 * hash partitioning rows go to the file of their key's hash; otherwise everything goes to output partition 0.
 * The final stage writes client results: client types, uncompressed.
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
    return write(partition, context, workDir, null);
  }

  /**
   * The same for a result stage, with {@code follower} (may be null) offered each batch to hold in memory and told
   * as the result file grows, so the result can stream to the client before the task ends.
   */
  public List<ShuffleWriteResult> write(int partition, TaskContext context, Path workDir,
      ResultListener follower) {
    if (follower != null && (!clientResult || hashPartitioning != null)) {
      throw new IllegalArgumentException("only a result stage writes a file that clients follow");
    }
    RowSchema schema = schema();
    Schema fileSchema = clientResult ? ClientTypes.schema(schema) : ArrowTypes.storageSchema(schema);
    int outputs = outputPartitionCount();
    IpcBatchWriter[] writers = new IpcBatchWriter[outputs];
    Path stageDir = workDir.resolve(jobId).resolve(Integer.toString(stageId));
    boolean done = false;
    try (BatchStream in = input.execute(partition, context)) {
      if (hashPartitioning == null) {
        writers[0] = open(stageDir, 0, partition, fileSchema, context, follower);
      }
      Batch batch;
      while ((batch = in.next()) != null) {
        try (Batch b = batch) {
          context.checkCancelled();
          if (hashPartitioning == null) {
            writeWhole(b, writers[0]);
          } else {
            writePartitioned(b, writers, stageDir, partition, fileSchema, context);
          }
        }
      }
      List<ShuffleWriteResult> results = new ArrayList<>();
      for (int p = 0; p < outputs; p++) {
        if (writers[p] != null) {
          writers[p].close();
          results.add(new ShuffleWriteResult(p, writers[p].path().toString(), writers[p].rows(), writers[p].batches(),
              Files.size(writers[p].path()) + writers[p].heldBytes()));
        }
      }
      done = true;
      return results;
    } catch (IOException e) {
      throw new QueryException(ErrorCode.INTERNAL, "cannot write shuffle output: " + e.getMessage(), e);
    } finally {
      if (!done) {
        for (IpcBatchWriter w : writers) {
          if (w != null) {
            w.abort();
          }
        }
      }
    }
  }

  private IpcBatchWriter open(Path stageDir, int outputPartition, int inputPartition, Schema fileSchema,
      TaskContext context, ResultListener follower) throws IOException {
    Path path = stageDir.resolve(Integer.toString(outputPartition)).resolve("data-" + inputPartition + ".arrow");
    return new IpcBatchWriter(path, fileSchema, !clientResult && context.compressShuffle(), follower);
  }

  private void writeWhole(Batch b, IpcBatchWriter writer) throws IOException {
    if (!clientResult) {
      writer.write(b);
      return;
    }
    RowSchema schema = schema();
    FieldVector[] converted = new FieldVector[b.columnCount()];
    for (int c = 0; c < converted.length; c++) {
      converted[c] = ClientTypes.convert(Vectors.share(b.column(c), b.column(c).getAllocator()), schema.column(c),
          b.column(c).getAllocator());
    }
    try (Batch out = new Batch(converted, b.rowCount())) {
      writer.write(out);
    }
  }

  private void writePartitioned(Batch b, IpcBatchWriter[] writers, Path stageDir, int inputPartition,
      Schema fileSchema, TaskContext context) throws IOException {
    int rows = b.rowCount();
    int n = writers.length;
    List<PhysicalExpr> keys = hashPartitioning.keys();
    FieldVector[] keyVectors = new FieldVector[keys.size()];
    DataType[] keyTypes = new DataType[keys.size()];
    long[] hashes = new long[rows];
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
    int[] target = new int[rows];
    for (int i = 0; i < rows; i++) {
      int p = partitionOf(hashes[i], n);
      target[i] = p;
      counts[p + 1]++;
    }
    for (int p = 0; p < n; p++) {
      counts[p + 1] += counts[p];
    }
    int[] order = new int[rows];
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
        if (writers[p] == null) {
          writers[p] = open(stageDir, p, inputPartition, fileSchema, context, null);
        }
        writers[p].write(part);
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
