package dev.ballista.executor;

import dev.ballista.engine.QueryException;
import dev.ballista.engine.exec.ExecutionPlan;
import dev.ballista.engine.exec.ShuffleReader;
import dev.ballista.engine.exec.TaskContext;
import dev.ballista.engine.exec.shuffle.ShuffleWriteResult;
import dev.ballista.engine.exec.shuffle.ShuffleWriterExec;
import dev.ballista.engine.serde.PlanSerde;
import dev.ballista.proto.FailedTask;
import dev.ballista.proto.QueryError;
import dev.ballista.proto.ShuffleWritePartition;
import dev.ballista.proto.SuccessfulTask;
import dev.ballista.proto.TaskDefinition;
import dev.ballista.proto.TaskId;
import dev.ballista.proto.TaskMetrics;
import dev.ballista.proto.TaskStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs tasks on a fixed number of slots. Each task gets a child allocator of the executor's (so a task over the
 * executor's memory fails alone, with a clear error), runs its stage plan for one partition into shuffle files,
 * and reports the outcome. Nothing a task throws escapes into the process.
 */
final class TaskRunner implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TaskRunner.class);

  private final String executorId;
  private final BufferAllocator allocator;
  private final ShuffleReader shuffleReader;
  private final Path workDir;
  private final Consumer<TaskStatus> statusSink;
  private final ExecutorService slots;
  private final Map<String, TaskContext> running = new ConcurrentHashMap<>();

  TaskRunner(String executorId, int taskSlots, BufferAllocator allocator, ShuffleReader shuffleReader, Path workDir,
      Consumer<TaskStatus> statusSink) {
    this.executorId = executorId;
    this.allocator = allocator;
    this.shuffleReader = shuffleReader;
    this.workDir = workDir;
    this.statusSink = statusSink;
    this.slots = Executors.newFixedThreadPool(Math.max(1, taskSlots), r -> {
      Thread t = new Thread(r, "task-" + executorId);
      t.setDaemon(true);
      return t;
    });
  }

  int runningTasks() {
    return running.size();
  }

  void launch(TaskDefinition task) {
    slots.submit(() -> run(task));
  }

  private static String key(TaskId id) {
    return id.getJobId() + "/" + id.getStageId() + "/" + id.getPartition() + "/" + id.getAttempt();
  }

  private void run(TaskDefinition task) {
    TaskId id = task.getTask();
    long start = System.nanoTime();
    TaskStatus.Builder status = TaskStatus.newBuilder().setTask(id).setExecutorId(executorId);
    String name = key(id);
    try (BufferAllocator taskAllocator = allocator.newChildAllocator("task-" + name, 0, allocator.getLimit())) {
      TaskContext context = new TaskContext(taskAllocator, task.getSession().getBatchSize(), shuffleReader);
      running.put(name, context);
      try {
        ExecutionPlan plan = PlanSerde.deserialize(task.getPlan().toByteArray());
        if (!(plan instanceof ShuffleWriterExec writer)) {
          throw new IllegalArgumentException("a task plan must end in a shuffle writer, got " + plan.describe());
        }
        List<ShuffleWriteResult> results = writer.write(id.getPartition(), context, workDir);
        SuccessfulTask.Builder ok = SuccessfulTask.newBuilder();
        long rows = 0;
        long bytes = 0;
        for (ShuffleWriteResult r : results) {
          ok.addPartitions(ShuffleWritePartition.newBuilder().setOutputPartition(r.outputPartition())
              .setPath(r.path()).setNumRows(r.rows()).setNumBatches(r.batches()).setNumBytes(r.bytes()));
          rows += r.rows();
          bytes += r.bytes();
        }
        status.setSuccessful(ok).setMetrics(TaskMetrics.newBuilder().setInputRows(context.inputRows())
            .setOutputRows(rows).setOutputBytes(bytes).setElapsedNanos(System.nanoTime() - start));
      } finally {
        running.remove(name);
      }
    } catch (Throwable t) {
      QueryException q = QueryException.wrap(t);
      if (!q.code().isUserError()) {
        LOG.warn("task {} failed", name, t);
      }
      FailedTask.Builder failed = FailedTask.newBuilder().setError(QueryError.newBuilder()
          .setCode(q.code().name()).setMessage(q.getMessage() == null ? q.code().name() : q.getMessage())
          .setUserError(q.code().isUserError()))
          .setRetryable(!q.code().isUserError());
      if (t instanceof FlightShuffleReader.ShuffleFetchException lost) {
        failed.setLostExecutorId(lost.lostExecutorId());
      }
      status.setFailed(failed).setMetrics(TaskMetrics.newBuilder().setElapsedNanos(System.nanoTime() - start));
    }
    statusSink.accept(status.build());
  }

  /** Stops the job's running tasks at their next batch; queued ones fail as cancelled when they start. */
  void cancelJob(String jobId) {
    running.forEach((name, context) -> {
      if (name.startsWith(jobId + "/")) {
        context.cancel();
      }
    });
  }

  void removeJobData(String jobId) {
    cancelJob(jobId);
    deleteRecursively(workDir.resolve(jobId));
  }

  static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      LOG.warn("could not remove {}: {}", dir, e.getMessage());
    }
  }

  @Override
  public void close() {
    running.values().forEach(TaskContext::cancel);
    slots.shutdownNow();
  }
}
