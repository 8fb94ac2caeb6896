package dev.ballista.scheduler;

import com.google.protobuf.ByteString;
import dev.ballista.engine.ErrorCode;
import dev.ballista.engine.dist.DistributedPlanner;
import dev.ballista.engine.dist.QueryStage;
import dev.ballista.engine.exec.ShuffleLocation;
import dev.ballista.engine.serde.PlanSerde;
import dev.ballista.proto.CancelTasksRequest;
import dev.ballista.proto.FlightTicket;
import dev.ballista.proto.JobState;
import dev.ballista.proto.JobStatus;
import dev.ballista.proto.LaunchTasksRequest;
import dev.ballista.proto.LaunchTasksResponse;
import dev.ballista.proto.QueryError;
import dev.ballista.proto.ReleaseShuffleDataRequest;
import dev.ballista.proto.RemoveJobDataRequest;
import dev.ballista.proto.ResultPartition;
import dev.ballista.proto.SessionConfig;
import dev.ballista.proto.ShuffleWritePartition;
import dev.ballista.proto.StageStatus;
import dev.ballista.proto.StoredJob;
import dev.ballista.proto.StoredTask;
import dev.ballista.proto.TaskDefinition;
import dev.ballista.proto.TaskId;
import dev.ballista.proto.TaskStatus;
import dev.ballista.scheduler.state.StateStore;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The job state machine. Tasks of a stage become runnable when every stage they read has finished; they go to
 * executors with free slots as soon as there are any. A task that fails for the query's own reason fails the job
 * at once; one that fails because an executor went away runs again (a bounded number of times), and finished
 * work whose files were on that executor is redone. All state changes happen under one lock; RPCs are sent
 * after it is released.
 */
final class JobManager {
  private static final Logger LOG = LoggerFactory.getLogger(JobManager.class);
  /** How far a takeover moves a job's attempt numbers: more attempts than one leader ever makes of a task. */
  static final int ATTEMPTS_PER_LEADER = 1_000_000;

  private final ExecutorRegistry executors;
  private final SchedulerConfig config;
  private final Map<String, Job> jobs = new LinkedHashMap<>();
  /** The queued and running ones, in submission order: scheduling walks these, not the finished jobs kept for
   *  their status (thousands on a busy server). */
  private final Map<String, Job> active = new LinkedHashMap<>();
  private final Object lock = new Object();
  private final StateStore store;

  JobManager(ExecutorRegistry executors, SchedulerConfig config, StateStore store) {
    this.executors = executors;
    this.config = config;
    this.store = store;
  }

  /** Registers a planned job and starts what can start. */
  void submit(String jobId, String sql, List<QueryStage> stages, byte[] resultSchema) {
    Job job = new Job(jobId, sql, stages, resultSchema, System.currentTimeMillis());
    synchronized (lock) {
      track(job);
      store.putJob(JobRecords.job(job));
    }
    schedule();
  }

  /**
   * Takes over the jobs a previous leader stored. Jobs in flight resume: finished tasks whose executor is still
   * known keep their output; every other task runs again (the previous leader's running attempts are not
   * tracked, and their late reports are ignored because they name another executor or attempt). A job whose
   * stage plans cannot be read fails with a "scheduler failover" error. Call before serving requests.
   */
  void recover(List<StoredJob> storedJobs, List<StoredTask> storedTasks) {
    Map<String, List<StoredTask>> tasksByJob = new HashMap<>();
    for (StoredTask t : storedTasks) {
      tasksByJob.computeIfAbsent(t.getJobId(), k -> new ArrayList<>()).add(t);
    }
    synchronized (lock) {
      for (StoredJob record : storedJobs) {
        Job job;
        try {
          job = new Job(record.getJobId(), record.getSql(), JobRecords.stages(record),
              record.getResultSchema().toByteArray(), record.getSubmittedAtMillis());
        } catch (RuntimeException unreadable) {
          LOG.warn("job {} cannot resume after failover", record.getJobId(), unreadable);
          job = new Job(record.getJobId(), record.getSql(), List.of(), record.getResultSchema().toByteArray(),
              record.getSubmittedAtMillis());
          job.state = record.getState();
          if (job.isActive()) {
            finish(job, JobState.FAILED, Errors.of(ErrorCode.INTERNAL, "scheduler failover: the job's stored plan "
                + "cannot be read by this scheduler (" + unreadable.getMessage() + "); run the query again"));
          }
          track(job);
          continue;
        }
        job.storedStages = List.copyOf(record.getStagesList());
        job.state = record.getState();
        job.error = record.hasError() ? record.getError() : null;
        job.finishedAtMillis = record.getFinishedAtMillis();
        job.attemptBase = record.getAttemptBase() + (job.isActive() ? ATTEMPTS_PER_LEADER : 0);
        for (Job.Stage stage : job.stages.values()) {
          for (Job.Task task : stage.tasks) {
            task.attempt = job.attemptBase;
          }
        }
        for (StoredTask t : tasksByJob.getOrDefault(job.id, List.of())) {
          Job.Stage stage = job.stages.get(t.getStageId());
          if (stage == null || t.getPartition() >= stage.tasks.length) {
            continue;
          }
          Job.Task task = stage.tasks[t.getPartition()];
          if (job.isActive() && executors.get(t.getExecutorId()) == null) {
            continue; // its output was on an executor nobody knows any more: run it again
          }
          task.attempt = t.getAttempt();
          task.state = Job.TaskState.DONE;
          task.executorId = t.getExecutorId();
          task.outputs = List.copyOf(t.getOutputsList());
          task.metrics = t.hasMetrics() ? t.getMetrics() : null;
        }
        if (!job.isActive()) {
          job.finished.complete(null);
        } else if (job.finalStage() != null && job.finalStage().complete()) {
          finish(job, JobState.COMPLETED, null);
        } else {
          store.putJob(JobRecords.job(job)); // records the new attempt base
        }
        track(job);
        if (job.isActive()) {
          LOG.info("job {} resumes after failover: {} of {} tasks already done", job.id,
              job.stages.values().stream().mapToInt(s -> s.count(Job.TaskState.DONE)).sum(),
              job.stages.values().stream().mapToInt(s -> s.tasks.length).sum());
        }
      }
    }
  }

  private void track(Job job) {
    jobs.put(job.id, job);
    if (job.isActive()) {
      active.put(job.id, job);
    }
  }

  /** Assigns runnable tasks to free slots, then sends them. */
  void schedule() {
    Map<ExecutorRegistry.Entry, List<TaskDefinition>> launches = new HashMap<>();
    synchronized (lock) {
      List<ExecutorRegistry.Entry> free = new ArrayList<>();
      for (ExecutorRegistry.Entry e : executors.all()) {
        if (e.freeSlots > 0 && !e.draining) {
          free.add(e);
        }
      }
      int next = 0;
      boolean compress = executors.spansHosts();
      outer:
      for (Job job : active.values()) {
        pinResults(job);
        for (Job.Stage stage : job.stages.values()) {
          if (stage.complete() || stage.count(Job.TaskState.PENDING) == 0 || !inputsComplete(job, stage)) {
            continue;
          }
          if (stage.resolvedPlan == null) {
            stage.resolvedPlan = PlanSerde.serialize(DistributedPlanner.resolve(stage.plan.plan(), outputsOf(job)));
          }
          for (Job.Task task : stage.tasks) {
            if (task.state != Job.TaskState.PENDING) {
              continue;
            }
            if (free.isEmpty()) {
              break outer;
            }
            ExecutorRegistry.Entry executor = task.executorId == null ? free.get(next++ % free.size())
                : freeEntry(free, task.executorId);
            if (executor == null) {
              continue; // pinned to an executor with no free slot yet
            }
            executor.freeSlots--;
            if (executor.freeSlots == 0) {
              free.remove(executor);
            }
            task.state = Job.TaskState.RUNNING;
            task.executorId = executor.id();
            task.launchedAtMillis = System.currentTimeMillis();
            task.finishedAtMillis = 0;
            task.metrics = null;
            launches.computeIfAbsent(executor, k -> new ArrayList<>()).add(TaskDefinition.newBuilder()
                .setTask(TaskId.newBuilder().setJobId(job.id).setStageId(stage.plan.stageId())
                    .setPartition(task.partition).setAttempt(task.attempt))
                .setPlan(ByteString.copyFrom(stage.resolvedPlan))
                .setSession(SessionConfig.newBuilder().setBatchSize(config.batchSize()).setCompressShuffle(compress))
                .build());
          }
        }
      }
      for (Job job : active.values()) {
        pinResults(job); // jobs the loop above did not reach
        if (!job.resultsPlaced.isDone() && job.resultsPlaced()) {
          job.resultsPlaced.complete(null);
        }
      }
    }
    // Launches outlive the gRPC call that triggered them (a task report, a registration): detach them from its
    // context, which is cancelled as soon as that call returns.
    io.grpc.Context.ROOT.run(() -> launches.forEach(this::launch));
  }

  /**
   * Decides where every task of the final stage runs as soon as the stage can start, also those waiting for a
   * slot: clients learn these places at once and stream each partition while (or after) its task runs there,
   * instead of waiting until the last task gets a slot. Tasks go round-robin over the executors that take work,
   * which the slots then run in order; an executor that goes away before the client was told is replaced.
   */
  private void pinResults(Job job) {
    Job.Stage last = job.finalStage();
    if (last == null || last.complete() || !inputsComplete(job, last)) {
      return;
    }
    List<ExecutorRegistry.Entry> targets = new ArrayList<>();
    for (ExecutorRegistry.Entry e : executors.all()) {
      if (!e.draining) {
        targets.add(e);
      }
    }
    // Those with free slots first, so a stage of one task starts at once wherever there is room.
    targets.sort(java.util.Comparator.comparingInt((ExecutorRegistry.Entry e) -> -e.freeSlots));
    for (Job.Task task : last.tasks) {
      if (task.state != Job.TaskState.PENDING) {
        continue;
      }
      ExecutorRegistry.Entry pinned = task.executorId == null ? null : executors.get(task.executorId);
      if (pinned != null && !pinned.draining) {
        continue;
      }
      if (task.executorId != null && job.resultsHandedOut) {
        continue; // a client was told it runs there: the job fails when that executor goes (forget)
      }
      task.executorId = targets.isEmpty() ? null : targets.get(task.partition % targets.size()).id();
    }
  }

  private static ExecutorRegistry.Entry freeEntry(List<ExecutorRegistry.Entry> free, String executorId) {
    for (ExecutorRegistry.Entry e : free) {
      if (e.id().equals(executorId)) {
        return e;
      }
    }
    return null;
  }

  private void launch(ExecutorRegistry.Entry executor, List<TaskDefinition> tasks) {
    executor.stub.withDeadlineAfter(30, TimeUnit.SECONDS).launchTasks(
        LaunchTasksRequest.newBuilder().addAllTasks(tasks).build(), new StreamObserver<>() {
          @Override
          public void onNext(LaunchTasksResponse value) {}

          @Override
          public void onError(Throwable t) {
            LOG.warn("executor {} did not accept tasks: {}", executor.id(), t.getMessage());
            executorLost(executor.id());
          }

          @Override
          public void onCompleted() {}
        });
  }

  private static boolean inputsComplete(Job job, Job.Stage stage) {
    for (int input : stage.plan.inputStages()) {
      if (!job.stages.get(input).complete()) {
        return false;
      }
    }
    return true;
  }

  private Map<Integer, List<List<ShuffleLocation>>> outputsOf(Job job) {
    Map<Integer, List<List<ShuffleLocation>>> outputs = new HashMap<>();
    for (Job.Stage stage : job.stages.values()) {
      if (!stage.complete()) {
        continue;
      }
      List<List<ShuffleLocation>> partitions = new ArrayList<>();
      for (int p = 0; p < stage.plan.plan().outputPartitionCount(); p++) {
        partitions.add(new ArrayList<>());
      }
      for (Job.Task task : stage.tasks) {
        ExecutorRegistry.Entry e = executors.get(task.executorId);
        String host = e == null ? "" : e.metadata.getHost();
        int port = e == null ? 0 : e.metadata.getPort();
        for (ShuffleWritePartition out : task.outputs) {
          partitions.get(out.getOutputPartition()).add(new ShuffleLocation(task.executorId, host, port, job.id,
              stage.plan.stageId(), task.partition, out.getOutputPartition(), out.getPath()));
        }
      }
      outputs.put(stage.plan.stageId(), partitions);
    }
    return outputs;
  }

  void taskStatus(TaskStatus status) {
    if (applyTaskStatus(status)) {
      return;
    }
    // The report freed a slot all the same (e.g. a task of a cancelled job stopping): other work may use it now.
    schedule();
  }

  /** Whether the report was of a task the job still waits for (then it has scheduled what comes next). */
  private boolean applyTaskStatus(TaskStatus status) {
    TaskId id = status.getTask();
    List<String> cleanup = new ArrayList<>();
    String completed = null;
    synchronized (lock) {
      ExecutorRegistry.Entry executor = executors.get(status.getExecutorId());
      if (executor != null && executor.freeSlots < executor.metadata.getTaskSlots()) {
        executor.freeSlots++;
      }
      Job job = jobs.get(id.getJobId());
      if (job == null || !job.isActive()) {
        return false;
      }
      Job.Stage stage = job.stages.get(id.getStageId());
      Job.Task task = stage == null || id.getPartition() >= stage.tasks.length ? null : stage.tasks[id.getPartition()];
      if (task == null || task.attempt != id.getAttempt() || task.state != Job.TaskState.RUNNING
          || !status.getExecutorId().equals(task.executorId)) {
        return false; // a report from an attempt given up on, from where it no longer runs, or from a previous leader
      }
      task.metrics = status.getMetrics();
      if (status.hasSuccessful()) {
        task.state = Job.TaskState.DONE;
        task.finishedAtMillis = System.currentTimeMillis();
        task.outputs = status.getSuccessful().getPartitionsList();
        store.putTask(JobRecords.task(job, stage, task));
        if (stage == job.finalStage() && stage.complete()) {
          finish(job, JobState.COMPLETED, null);
          completed = job.id;
        }
      } else if (status.hasFailed()) {
        var failed = status.getFailed();
        if (job.resultsHandedOut && stage == job.finalStage() && (failed.getHandedBack() || failed.getRetryable())) {
          finish(job, JobState.FAILED, resultLost(task, failed.getError().getMessage()));
          cleanup.add(job.id);
        } else if (failed.getHandedBack()) {
          // Its executor is shutting down: the same attempt runs elsewhere, it did not fail.
          task.state = Job.TaskState.PENDING;
          task.executorId = null;
        } else if (!failed.getRetryable()) {
          finish(job, JobState.FAILED, failed.getError());
          cleanup.add(job.id);
        } else if (task.attempt - job.attemptBase + 1 >= config.maxTaskAttempts()) {
          finish(job, JobState.FAILED, Errors.of(ErrorCode.INTERNAL, "task " + stage.plan.stageId() + "/"
              + task.partition + " failed " + config.maxTaskAttempts() + " times; last error: "
              + failed.getError().getMessage()));
          cleanup.add(job.id);
        } else {
          task.attempt++;
          task.state = Job.TaskState.PENDING;
          task.executorId = null;
          if (!failed.getLostExecutorId().isEmpty()) {
            LOG.warn("task {}/{}/{} lost its input on executor {}", job.id, id.getStageId(), id.getPartition(),
                failed.getLostExecutorId());
          }
        }
      }
    }
    if (!status.getFailed().getLostExecutorId().isEmpty()) {
      executorLost(status.getFailed().getLostExecutorId());
    }
    cleanup.forEach(this::removeJobData);
    if (completed != null) {
      releaseShuffleData(completed);
    }
    schedule();
    return true;
  }

  /** The job completed: executors free the shuffle output they hold in memory (its results stay). */
  private void releaseShuffleData(String jobId) {
    ReleaseShuffleDataRequest release = ReleaseShuffleDataRequest.newBuilder().setJobId(jobId).build();
    io.grpc.Context.ROOT.run(() -> {
      for (ExecutorRegistry.Entry e : executors.all()) {
        e.stub.releaseShuffleData(release, ignore()); // an executor before v1.4 answers UNIMPLEMENTED: nothing held
      }
    });
  }

  /** An executor is gone: rerun its running tasks and redo finished work whose files it held. */
  void executorLost(String executorId) {
    forget(executorId, false);
  }

  private void forget(String executorId, boolean stoppedGracefully) {
    ExecutorRegistry.Entry removed = executors.remove(executorId);
    if (removed != null) {
      if (stoppedGracefully) {
        LOG.info("executor {} has stopped; rescheduling what it held", executorId);
      } else {
        LOG.warn("executor {} is lost; rescheduling its work", executorId);
      }
      removed.channel.shutdownNow();
    }
    List<String> lostResults = new ArrayList<>();
    synchronized (lock) {
      for (Job job : new ArrayList<>(active.values())) { // a copy: failing a job here ends it
        if (job.resultsHandedOut && holdsResults(job, executorId)) {
          finish(job, JobState.FAILED, Errors.of(ErrorCode.EXECUTOR_LOST, "executor " + executorId + " was lost "
              + "while results of the query streamed from it; run the query again"));
          lostResults.add(job.id);
          continue;
        }
        boolean moved = false;
        for (Job.Stage stage : job.stages.values()) {
          for (Job.Task task : stage.tasks) {
            if (executorId.equals(task.executorId) && task.state != Job.TaskState.PENDING) {
              if (task.state == Job.TaskState.DONE) {
                store.removeTask(job.id, stage.plan.stageId(), task.partition);
              }
              task.state = Job.TaskState.PENDING;
              task.attempt++;
              task.executorId = null;
              task.outputs = List.of();
              moved = true;
            }
          }
        }
        if (moved) {
          for (Job.Stage stage : job.stages.values()) {
            stage.resolvedPlan = null;
          }
        }
      }
    }
    lostResults.forEach(this::removeJobData);
    schedule();
  }

  /** Runs, ran or is pinned to run a final-stage task of the job. */
  private static boolean holdsResults(Job job, String executorId) {
    for (Job.Task task : job.finalStage().tasks) {
      if (executorId.equals(task.executorId)) {
        return true;
      }
    }
    return false;
  }

  private static QueryError resultLost(Job.Task task, String why) {
    return Errors.of(ErrorCode.EXECUTOR_LOST, "result partition " + task.partition + " failed while it streamed "
        + "to the client (" + why + "); run the query again");
  }

  /** The executor is shutting down: it gets no new tasks, and hands back or finishes those it has. */
  void executorDraining(String executorId, String reason) {
    ExecutorRegistry.Entry entry = executors.get(executorId);
    if (entry != null) {
      entry.draining = true;
      LOG.info("executor {} is draining ({}); no new tasks go to it", executorId, reason.isEmpty() ? "no reason" : reason);
    }
  }

  /** The executor has stopped: forget it now and redo what it held, without waiting for heartbeats to lapse. */
  void executorStopped(String executorId) {
    if (executors.get(executorId) != null) {
      forget(executorId, true);
    }
  }

  /** Tasks sent to the executor whose end the scheduler has not heard of yet. */
  int assignedTasks(ExecutorRegistry.Entry executor) {
    synchronized (lock) {
      return executor.metadata.getTaskSlots() - executor.freeSlots;
    }
  }

  private void finish(Job job, JobState state, QueryError error) {
    job.state = state;
    active.remove(job.id);
    job.error = error;
    job.finishedAtMillis = System.currentTimeMillis();
    job.finished.complete(null);
    job.resultsPlaced.complete(null);
    store.putJob(JobRecords.job(job));
  }

  boolean cancel(String jobId) {
    synchronized (lock) {
      Job job = jobs.get(jobId);
      if (job == null || !job.isActive()) {
        return false;
      }
      finish(job, JobState.CANCELLED, Errors.of(ErrorCode.CANCELLED, "query was cancelled"));
    }
    removeJobData(jobId);
    return true;
  }

  /** Tells every executor to stop the job's tasks and delete its files. */
  void removeJobData(String jobId) {
    CancelTasksRequest.Builder cancel = CancelTasksRequest.newBuilder().setJobId(jobId);
    RemoveJobDataRequest.Builder remove = RemoveJobDataRequest.newBuilder().setJobId(jobId);
    synchronized (lock) {
      Job job = jobs.get(jobId);
      if (job != null && job.error != null) {
        // Clients still streaming its results see why they end.
        cancel.setReason(job.error);
        remove.setReason(job.error);
      }
    }
    io.grpc.Context.ROOT.run(() -> {
      for (ExecutorRegistry.Entry e : executors.all()) {
        e.stub.cancelTasks(cancel.build(), ignore());
        e.stub.removeJobData(remove.build(), ignore());
      }
    });
  }

  /** Forgets jobs that finished before {@code deadline} and removes their files. */
  void expireFinishedJobs(long deadline) {
    List<String> expired = new ArrayList<>();
    synchronized (lock) {
      jobs.values().removeIf(job -> {
        boolean old = !job.isActive() && job.finishedAtMillis < deadline;
        if (old) {
          expired.add(job.id);
          store.removeJob(job.id);
        }
        return old;
      });
    }
    expired.forEach(this::removeJobData);
  }

  JobStatus status(String jobId, long waitMillis) {
    return status(jobId, waitMillis, false);
  }

  /** The job's state and progress; {@code withTasks} adds stage plans, per-operator metrics and every task. */
  JobStatus status(String jobId, long waitMillis, boolean withTasks) {
    return status(jobId, waitMillis, withTasks, false);
  }

  /**
   * The same; with {@code untilResultsPlaced} the wait ends as soon as every final-stage task is placed, and the
   * answer then lists the result partitions of the running job, which clients can stream while they are written.
   */
  JobStatus status(String jobId, long waitMillis, boolean withTasks, boolean untilResultsPlaced) {
    Job job;
    synchronized (lock) {
      job = jobs.get(jobId);
    }
    if (job == null) {
      return null;
    }
    if (waitMillis > 0) {
      try {
        (untilResultsPlaced ? job.resultsPlaced : job.finished).get(waitMillis, TimeUnit.MILLISECONDS);
      } catch (java.util.concurrent.TimeoutException e) {
        // still running: answer with progress
      } catch (Exception e) {
        Thread.currentThread().interrupt();
      }
    }
    synchronized (lock) {
      JobStatus status = describe(job, withTasks);
      if (untilResultsPlaced && job.isActive() && job.resultsPlaced()) {
        job.resultsHandedOut = true;
        status = status.toBuilder().setResultsPlaced(true).addAllPartitions(resultPartitions(job)).build();
      }
      return status;
    }
  }

  private JobStatus describe(Job job, boolean withTasks) {
    JobStatus.Builder b = JobStatus.newBuilder().setJobId(job.id).setState(job.state).setSql(job.sql)
        .setSubmittedAtMillis(job.submittedAtMillis).setFinishedAtMillis(job.finishedAtMillis)
        .setResultSchema(ByteString.copyFrom(job.resultSchema));
    if (job.error != null) {
      b.setError(job.error);
    }
    int done = 0;
    int total = 0;
    for (Job.Stage stage : job.stages.values()) {
      StageStatus st = StageProgress.describe(stage, withTasks);
      b.addStages(st);
      done += st.getCompletedTasks();
      total += st.getPartitions();
    }
    b.setCompletedTasks(done).setTotalTasks(total)
        .setProgress(job.state == JobState.COMPLETED ? 1.0 : total == 0 ? 0.0 : (double) done / total);
    if (job.state == JobState.COMPLETED) {
      b.addAllPartitions(resultPartitions(job));
    }
    return b.build();
  }

  /**
   * Where each final-stage task's result is: the file of a finished task, or the running attempt, which its
   * executor streams as it writes. The job is complete or its results are placed.
   */
  private List<ResultPartition> resultPartitions(Job job) {
    List<ResultPartition> partitions = new ArrayList<>();
    Job.Stage last = job.finalStage();
    for (Job.Task task : last.tasks) {
      ExecutorRegistry.Entry e = executors.get(task.executorId);
      ResultPartition.Builder where = ResultPartition.newBuilder().setExecutorId(task.executorId)
          .setHost(e == null ? "" : e.metadata.getHost()).setPort(e == null ? 0 : e.metadata.getPort());
      FlightTicket.Builder ticket = FlightTicket.newBuilder().setJobId(job.id).setStageId(last.plan.stageId())
          .setMapPartition(task.partition);
      if (task.state != Job.TaskState.DONE) {
        // Running or pinned: size unknown until it finishes; an empty path names the attempt instead of a file.
        partitions.add(where.setTicket(ticket.setAttempt(task.attempt).build().toByteString()).build());
        continue;
      }
      for (ShuffleWritePartition out : task.outputs) {
        partitions.add(where.clone().setTicket(ticket.setOutputPartition(out.getOutputPartition())
            .setPath(out.getPath()).build().toByteString()).setNumRows(out.getNumRows())
            .setNumBytes(out.getNumBytes()).build());
      }
    }
    return partitions;
  }

  List<JobStatus> list() {
    synchronized (lock) {
      List<JobStatus> out = new ArrayList<>();
      for (Job job : jobs.values()) {
        out.add(describe(job, false));
      }
      return out;
    }
  }

  Set<String> activeJobIds() {
    synchronized (lock) {
      return new HashSet<>(active.keySet());
    }
  }

  private static <T> StreamObserver<T> ignore() {
    return new StreamObserver<>() {
      @Override
      public void onNext(T value) {}

      @Override
      public void onError(Throwable t) {
        LOG.debug("executor call failed: {}", t.getMessage());
      }

      @Override
      public void onCompleted() {}
    };
  }

}
