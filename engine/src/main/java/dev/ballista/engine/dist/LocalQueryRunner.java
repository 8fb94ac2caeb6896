package dev.ballista.engine.dist;

import dev.ballista.engine.QueryException;
import dev.ballista.engine.catalog.Catalog;
import dev.ballista.engine.ddl.DdlParser;
import dev.ballista.engine.ddl.DdlRunner;
import dev.ballista.engine.ddl.DdlStatement;
import dev.ballista.engine.exec.op.ValuesExec;
import dev.ballista.engine.exec.Batch;
import dev.ballista.engine.exec.BatchStream;
import dev.ballista.engine.exec.ExecutionPlan;
import dev.ballista.engine.exec.ShuffleLocation;
import dev.ballista.engine.exec.TaskContext;
import dev.ballista.engine.exec.shuffle.IpcBatchReader;
import dev.ballista.engine.exec.shuffle.ShuffleWriteResult;
import dev.ballista.engine.plan.PhysicalPlanner;
import dev.ballista.engine.plan.SqlPlanner;
import dev.ballista.engine.types.ClientTypes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Runs SQL in this process, without a cluster: the same stages, shuffle files and operators as the distributed
 * runtime, with tasks on a local thread pool. Used by the engine's tests and by embedding applications.
 */
public final class LocalQueryRunner implements AutoCloseable {
  private final Catalog catalog;
  private final int parallelism;
  private final Path workDir;
  private final BufferAllocator allocator;
  private final ExecutorService pool;

  public LocalQueryRunner(Catalog catalog, int parallelism, Path workDir, BufferAllocator allocator) {
    this.catalog = catalog;
    this.parallelism = Math.max(1, parallelism);
    this.workDir = workDir;
    this.allocator = allocator;
    this.pool = Executors.newFixedThreadPool(this.parallelism);
  }

  /** A query's result: the Arrow schema clients see, and its rows as Arrow's Java objects. */
  public record QueryResult(Schema schema, List<List<Object>> rows) {}

  public ExecutionPlan physicalPlan(String sql) {
    return new PhysicalPlanner(parallelism).plan(new SqlPlanner(catalog).plan(sql, Catalog.DEFAULT_SCHEMA));
  }

  /** Runs a query, or a catalog statement (CREATE, DROP, SHOW, DESCRIBE; changes answer no columns). */
  public QueryResult sql(String sql) {
    ExecutionPlan plan;
    DdlStatement ddl = DdlParser.parse(sql);
    if (ddl != null) {
      DdlRunner.Result result = new DdlRunner(catalog).run(ddl, Catalog.DEFAULT_SCHEMA);
      if (result.isUpdate()) {
        return new QueryResult(new Schema(List.of()), List.of());
      }
      plan = new ValuesExec(result.schema(), result.rows());
    } else {
      plan = physicalPlan(sql);
    }
    String jobId = UUID.randomUUID().toString().substring(0, 8);
    List<QueryStage> stages = DistributedPlanner.plan(jobId, plan);
    Map<Integer, List<List<ShuffleLocation>>> outputs = new HashMap<>();
    List<Future<List<ShuffleWriteResult>>> tasks = new ArrayList<>();
    try {
      List<ShuffleLocation> results = List.of();
      for (QueryStage stage : stages) {
        ExecutionPlan resolved = DistributedPlanner.resolve(stage.plan(), outputs);
        var writer = (dev.ballista.engine.exec.shuffle.ShuffleWriterExec) resolved;
        tasks = new ArrayList<>();
        for (int p = 0; p < stage.taskCount(); p++) {
          int partition = p;
          tasks.add(pool.submit(() -> runTask(writer, partition)));
        }
        List<List<ShuffleLocation>> locations = new ArrayList<>();
        for (int o = 0; o < writer.outputPartitionCount(); o++) {
          locations.add(new ArrayList<>());
        }
        for (int p = 0; p < tasks.size(); p++) {
          for (ShuffleWriteResult r : tasks.get(p).get()) {
            locations.get(r.outputPartition()).add(new ShuffleLocation("local", "localhost", 0, jobId,
                stage.stageId(), p, r.outputPartition(), r.path()));
          }
        }
        outputs.put(stage.stageId(), locations);
        if (stage.isFinal()) {
          results = locations.get(0);
        }
      }
      return readResults(ClientTypes.schema(plan.schema()), results);
    } catch (java.util.concurrent.ExecutionException e) {
      throw QueryException.wrap(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw QueryException.wrap(e);
    } finally {
      // A failed task ends the query while its stage's other tasks may still write into the job's directory.
      awaitEnd(tasks);
      deleteRecursively(workDir.resolve(jobId));
    }
  }

  private static void awaitEnd(List<? extends Future<?>> tasks) {
    for (Future<?> task : tasks) {
      try {
        task.get();
      } catch (java.util.concurrent.ExecutionException | java.util.concurrent.CancellationException e) {
        // the query's error is the first one, already thrown
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private List<ShuffleWriteResult> runTask(dev.ballista.engine.exec.shuffle.ShuffleWriterExec writer, int partition) {
    try (BufferAllocator taskAllocator = allocator.newChildAllocator("task-" + partition, 0, Long.MAX_VALUE)) {
      TaskContext context = new TaskContext(taskAllocator, TaskContext.DEFAULT_BATCH_SIZE,
          (location, schema, ctx) -> new IpcBatchReader(Path.of(location.path()), ctx))
          .compressShuffle(false); // every file stays in this process

      return writer.write(partition, context, workDir);
    }
  }

  private QueryResult readResults(Schema schema, List<ShuffleLocation> files) {
    List<List<Object>> rows = new ArrayList<>();
    try (BufferAllocator readAllocator = allocator.newChildAllocator("results", 0, Long.MAX_VALUE)) {
      TaskContext context = new TaskContext(readAllocator, TaskContext.DEFAULT_BATCH_SIZE, null);
      files = files.stream().sorted(Comparator.comparingInt(ShuffleLocation::mapPartition)).toList();
      for (ShuffleLocation file : files) {
        try (BatchStream stream = new IpcBatchReader(Path.of(file.path()), context)) {
          Batch next;
          while ((next = stream.next()) != null) {
            try (Batch b = next) {
              for (int r = 0; r < b.rowCount(); r++) {
                List<Object> row = new ArrayList<>(b.columnCount());
                for (FieldVector v : b.columns()) {
                  row.add(v.getObject(r));
                }
                rows.add(row);
              }
            }
          }
        }
      }
    }
    return new QueryResult(schema, rows);
  }

  static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | java.io.UncheckedIOException e) {
      // leftover files are removed with the work directory
    }
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
