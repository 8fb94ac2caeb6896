package dev.ballista.executor;

import dev.ballista.engine.ErrorCode;
import dev.ballista.engine.QueryException;
import dev.ballista.engine.exec.ExecutionPlan;
import dev.ballista.engine.exec.MeteredExec;
import dev.ballista.engine.exec.OperatorCounters;
import dev.ballista.engine.exec.ShuffleReader;
import dev.ballista.engine.exec.TaskContext;
import dev.ballista.engine.exec.shuffle.MemoryShuffle;
import dev.ballista.engine.exec.shuffle.ShuffleWriteResult;
import dev.ballista.engine.exec.shuffle.ShuffleWriterExec;
import dev.ballista.engine.serde.PlanSerde;
import dev.ballista.proto.FailedTask;
import dev.ballista.proto.OperatorMetrics;
import dev.ballista.proto.QueryError;
import dev.ballista.proto.ShuffleWritePartition;
import dev.ballista.proto.SuccessfulTask;
import dev.ballista.proto.TaskDefinition;
import dev.ballista.proto.TaskId;
import dev.ballista.proto.TaskMetrics;
import dev.ballista.proto.TaskStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.arrow.memory.BufferAllocator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs tasks on a fixed number of slots. Each task gets a child allocator of the executor's (so a task over the
 * executor's memory fails alone, with a clear error), runs its stage plan for one partition into shuffle files,
 * and reports the outcome. Nothing a task throws escapes into the process.
 *
 * <p>A job whose data was removed (it ended or was cancelled) is remembered for a while, so a task of it that was
 * still queued, or whose launch crossed the removal on the network, does not run and leave files behind. When the
 * executor drains, tasks that have not started are handed back to the scheduler at once, and those still running
 * at the end of the grace period are stopped and handed back.
 */
final class TaskRunner implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TaskRunner.class);
  /** How long a removed job's id is remembered; far longer than a launch can be in flight. */
  private static final long REMOVED_JOB_MEMORY_MILLIS = TimeUnit.HOURS.toMillis(1);

  private final String executorId;
  private final BufferAllocator allocator;
  private final ShuffleReader shuffleReader;
  private final WorkDirectory workDir;
  private final Consumer<TaskStatus> statusSink;
  private final ExecutorService slots;
  private final Map<String, TaskContext> running = new ConcurrentHashMap<>();
  private final Map<String, Long> removedJobs = new ConcurrentHashMap<>();
  private final HeldResults heldResults;
  private final LiveResults liveResults;
  private final Object idle = new Object();
  private int unfinished; // launched and not yet reported; guarded by idle
  private volatile boolean draining;
  private volatile boolean handingBack;

  private final MemoryShuffle memoryShuffle;

  TaskRunner(String executorId, int taskSlots, BufferAllocator allocator, ShuffleReader shuffleReader,
      WorkDirectory workDir, Consumer<TaskStatus> statusSink) {
    this(executorId, taskSlots, allocator, shuffleReader, workDir, statusSink, null);
  }

  /** {@code memoryShuffle} (may be null) holds shuffle output in memory instead of files while it has room. */
  TaskRunner(String executorId, int taskSlots, BufferAllocator allocator, ShuffleReader shuffleReader,
      WorkDirectory workDir, Consumer<TaskStatus> statusSink, MemoryShuffle memoryShuffle) {
    this.memoryShuffle = memoryShuffle;
    this.executorId = executorId;
    this.allocator = allocator;
    this.shuffleReader = shuffleReader;
    this.workDir = workDir;
    this.statusSink = statusSink;
    this.heldResults = new HeldResults(allocator);
    this.liveResults = new LiveResults(heldResults);
    this.slots = Executors.newFixedThreadPool(Math.max(1, taskSlots), r -> {
      Thread t = new Thread(r, "task-" + executorId);
      t.setDaemon(true);
      return t;
    });
  }

  /** Results of final-stage tasks here, which DoGet streams while they are written. */
  LiveResults liveResults() {
    return liveResults;
  }

  int runningTasks() {
    return running.size();
  }

  /** True while a task of the job is queued or running here. */
  boolean hasTasksOf(String jobId) {
    for (String name : running.keySet()) {
      if (name.startsWith(jobId + "/")) {
        return true;
      }
    }
    return false;
  }

  void launch(TaskDefinition task) {
    if (draining) {
      report(handedBack(task.getTask(), 0));
      return;
    }
    synchronized (idle) {
      unfinished++;
    }
    try {
      slots.submit(() -> {
        try {
          run(task);
        } finally {
          finished();
        }
      });
    } catch (java.util.concurrent.RejectedExecutionException e) {
      finished();
      report(handedBack(task.getTask(), 0));
    }
  }

  private void finished() {
    synchronized (idle) {
      unfinished--;
      idle.notifyAll();
    }
  }

  private static String key(TaskId id) {
    return id.getJobId() + "/" + id.getStageId() + "/" + id.getPartition() + "/" + id.getAttempt();
  }

  private void run(TaskDefinition task) {
    TaskId id = task.getTask();
    if (draining) {
      report(handedBack(id, 0));
      return;
    }
    if (removedJobs.containsKey(id.getJobId())) {
      report(cancelled(id)); // the job is over; the report only gives the scheduler its slot back
      return;
    }
    long start = System.nanoTime();
    long cpuStart = TaskClock.cpuNanos();
    TaskStatus.Builder status = TaskStatus.newBuilder().setTask(id).setExecutorId(executorId);
    String name = key(id);
    LiveResult live = null;
    try (BufferAllocator taskAllocator = allocator.newChildAllocator("task-" + name, 0, allocator.getLimit())) {
      TaskContext context = new TaskContext(taskAllocator, task.getSession().getBatchSize(), shuffleReader)
          .compressShuffle(task.getSession().getCompressShuffle());
      running.put(name, context);
      try {
        if (handingBack) {
          context.cancel();
        }
        ExecutionPlan plan = PlanSerde.deserialize(task.getPlan().toByteArray());
        if (!(plan instanceof ShuffleWriterExec writer)) {
          throw new IllegalArgumentException("a task plan must end in a shuffle writer, got " + plan.describe());
        }
        if (writer.clientResult()) {
          live = liveResults.get(id.getJobId(), name); // a client may be waiting for it already
          live.started();
        }
        List<OperatorCounters> operators = new ArrayList<>();
        ShuffleWriterExec metered = (ShuffleWriterExec) writer.withChildren(
            List.of(MeteredExec.instrument(writer.input(), operators)));
        List<ShuffleWriteResult> results = metered.write(id.getPartition(), context, workDir.jobsDir(), live,
            memoryShuffle);
        if (live != null) {
          java.nio.file.Path file = java.nio.file.Path.of(results.get(0).path()); // a result stage writes one file
          liveResults.finished(live, file, java.nio.file.Files.size(file));
        }
        SuccessfulTask.Builder ok = SuccessfulTask.newBuilder();
        long rows = 0;
        long bytes = 0;
        long batches = 0;
        for (ShuffleWriteResult r : results) {
          ok.addPartitions(ShuffleWritePartition.newBuilder().setOutputPartition(r.outputPartition())
              .setPath(r.path()).setNumRows(r.rows()).setNumBatches(r.batches()).setNumBytes(r.bytes()));
          rows += r.rows();
          bytes += r.bytes();
          batches += r.batches();
        }
        long elapsed = System.nanoTime() - start;
        TaskMetrics.Builder metrics = TaskMetrics.newBuilder().setInputRows(context.inputRows())
            .setInputBytes(context.inputBytes()).setOutputRows(rows).setOutputBytes(bytes).setElapsedNanos(elapsed)
            .setCpuNanos(TaskClock.cpuNanos() - cpuStart).setSpilledBytes(context.spilledBytes())
            .setPeakMemoryBytes(taskAllocator.getPeakMemoryAllocation());
        metrics.addOperators(OperatorMetrics.newBuilder().setIndex(0).setOutputRows(rows).setOutputBatches(batches)
            .setElapsedNanos(elapsed));
        for (int i = 0; i < operators.size(); i++) {
          OperatorCounters c = operators.get(i);
          metrics.addOperators(OperatorMetrics.newBuilder().setIndex(i + 1).setOutputRows(c.outputRows())
              .setOutputBatches(c.outputBatches()).setElapsedNanos(c.elapsedNanos()));
        }
        status.setSuccessful(ok).setMetrics(metrics);
      } finally {
        running.remove(name);
      }
    } catch (Throwable t) {
      QueryException q = QueryException.wrap(t);
      if (handingBack && q.code() == ErrorCode.CANCELLED) {
        if (live != null) {
          live.failed(ErrorCode.EXECUTOR_LOST, "executor " + executorId + " stopped while producing this result");
        }
        report(handedBack(id, System.nanoTime() - start));
        return;
      }
      if (live != null) {
        live.failed(q.code(), q.getMessage() == null ? q.code().name() : q.getMessage());
      }
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
    if (removedJobs.containsKey(id.getJobId())) {
      // The job ended while this task ran: what it wrote (or the directories it made) would stay forever.
      workDir.removeJob(id.getJobId());
      releaseShuffleData(id.getJobId());
      liveResults.removeJob(id.getJobId(), ErrorCode.CANCELLED, jobEnded(id.getJobId()));
    }
    report(status.build());
  }

  private TaskStatus cancelled(TaskId id) {
    return TaskStatus.newBuilder().setTask(id).setExecutorId(executorId)
        .setFailed(FailedTask.newBuilder().setError(QueryError.newBuilder().setCode(ErrorCode.CANCELLED.name())
            .setMessage("query was cancelled").setUserError(true)))
        .build();
  }

  private TaskStatus handedBack(TaskId id, long elapsedNanos) {
    return TaskStatus.newBuilder().setTask(id).setExecutorId(executorId)
        .setFailed(FailedTask.newBuilder().setHandedBack(true).setRetryable(true)
            .setError(QueryError.newBuilder().setCode(ErrorCode.EXECUTOR_LOST.name())
                .setMessage("executor " + executorId + " is shutting down")))
        .setMetrics(TaskMetrics.newBuilder().setElapsedNanos(elapsedNanos))
        .build();
  }

  private void report(TaskStatus status) {
    try {
      statusSink.accept(status);
    } catch (RuntimeException e) {
      LOG.warn("could not report task {}: {}", key(status.getTask()), e.toString());
    }
  }

  /** Stops one running task at its next batch; the rest of its job goes on. */
  void cancelTask(TaskId id) {
    TaskContext context = running.get(key(id));
    if (context != null) {
      context.cancel();
    }
  }

  /** Stops the job's running tasks at their next batch; its queued tasks will not start. */
  void cancelJob(String jobId) {
    cancelJob(jobId, null);
  }

  /** The same, telling clients that stream the job's results {@code reason} (null when unknown). */
  void cancelJob(String jobId, QueryError reason) {
    rememberRemoved(jobId);
    if (reason == null) {
      liveResults.removeJob(jobId, ErrorCode.CANCELLED, jobEnded(jobId));
    } else {
      liveResults.removeJob(jobId, errorCode(reason.getCode()), reason.getMessage());
    }
    running.forEach((name, context) -> {
      if (name.startsWith(jobId + "/")) {
        context.cancel();
      }
    });
  }

  void removeJobData(String jobId) {
    removeJobData(jobId, null);
  }

  void removeJobData(String jobId, QueryError reason) {
    cancelJob(jobId, reason);
    workDir.removeJob(jobId);
    releaseShuffleData(jobId);
  }

  /** The job's shuffle output held in memory is not needed any more (its files go with the job's data). */
  void releaseShuffleData(String jobId) {
    if (memoryShuffle != null) {
      memoryShuffle.release(jobId);
    }
  }

  private static ErrorCode errorCode(String name) {
    try {
      return ErrorCode.valueOf(name);
    } catch (IllegalArgumentException unknown) {
      return ErrorCode.INTERNAL; // from a newer scheduler
    }
  }

  private static String jobEnded(String jobId) {
    return "the results of query " + jobId + " were removed: it failed, was cancelled or expired";
  }

  private void rememberRemoved(String jobId) {
    long now = System.currentTimeMillis();
    removedJobs.put(jobId, now);
    removedJobs.values().removeIf(at -> at < now - REMOVED_JOB_MEMORY_MILLIS);
  }

  /** From now on tasks are handed back instead of run; those already running go on. */
  void stopAccepting() {
    draining = true;
  }

  /** Waits until every launched task has ended and been reported; false on timeout. */
  boolean awaitIdle(long timeoutMillis) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    synchronized (idle) {
      while (unfinished > 0) {
        long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (left <= 0) {
          return false;
        }
        idle.wait(left);
      }
      return true;
    }
  }

  /** Stops the running tasks at their next batch and hands them back to the scheduler. */
  int handBackRunning() {
    handingBack = true;
    draining = true;
    int n = 0;
    for (TaskContext context : running.values()) {
      context.cancel();
      n++;
    }
    return n;
  }

  @Override
  public void close() {
    draining = true;
    handingBack = true;
    running.values().forEach(TaskContext::cancel);
    slots.shutdownNow();
    liveResults.removeAll("executor " + executorId + " stopped");
  }

  /** Frees the memory of held results, once no DoGet can be streaming them any more. */
  void releaseHeldResults() {
    liveResults.removeAll("executor " + executorId + " stopped");
    heldResults.close();
  }
}
