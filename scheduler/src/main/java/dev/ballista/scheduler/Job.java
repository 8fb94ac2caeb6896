package dev.ballista.scheduler;

import dev.ballista.engine.dist.DistributedPlanner;
import dev.ballista.engine.dist.QueryStage;
import dev.ballista.proto.JobState;
import dev.ballista.proto.QueryError;
import dev.ballista.proto.ShuffleWritePartition;
import dev.ballista.proto.TaskMetrics;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** A submitted query: its stages, the state of every task, and the outcome. Guarded by the JobManager's lock. */
final class Job {
  enum TaskState { PENDING, RUNNING, DONE }

  static final class Task {
    final int partition;
    TaskState state = TaskState.PENDING;
    int attempt;
    /** Where it runs or ran; for a PENDING final-stage task, where it is pinned to run (see JobManager). */
    String executorId;
    List<ShuffleWritePartition> outputs = List.of();
    /** What the latest attempt reported (null until it reports). */
    TaskMetrics metrics;
    long launchedAtMillis;
    long finishedAtMillis;

    Task(int partition) {
      this.partition = partition;
    }
  }

  static final class Stage {
    final QueryStage plan;
    final Task[] tasks;
    /** The stage plan with shuffle inputs resolved, serialized; rebuilt when inputs move. */
    byte[] resolvedPlan;
    /** EXPLAIN lines of the stage plan, in the pre-order that numbers operator metrics. */
    final List<String> explain;

    Stage(QueryStage plan) {
      this.plan = plan;
      this.explain = List.of(DistributedPlanner.explain(plan.plan()).split("\n"));
      this.tasks = new Task[plan.taskCount()];
      for (int p = 0; p < tasks.length; p++) {
        tasks[p] = new Task(p);
      }
    }

    boolean complete() {
      for (Task t : tasks) {
        if (t.state != TaskState.DONE) {
          return false;
        }
      }
      return true;
    }

    int count(TaskState state) {
      int n = 0;
      for (Task t : tasks) {
        if (t.state == state) {
          n++;
        }
      }
      return n;
    }
  }

  final String id;
  final String sql;
  final long submittedAtMillis;
  final byte[] resultSchema;
  final Map<Integer, Stage> stages = new LinkedHashMap<>();
  final CompletableFuture<Void> finished = new CompletableFuture<>();
  /** Completes when every task of the final stage is placed (or the job ends): its results can stream from then. */
  final CompletableFuture<Void> resultsPlaced = new CompletableFuture<>();
  /**
   * A client was told where the final stage's running tasks are. From then on such a task must not run again
   * elsewhere: the client may hold rows of the first attempt, and could not know where the retry is.
   */
  boolean resultsHandedOut;
  /** The stage plans as the state store keeps them, serialized once at submission. */
  List<dev.ballista.proto.StoredStage> storedStages;
  /** Where task attempt numbers start under this leader (0, or higher after a failover). */
  int attemptBase;
  JobState state = JobState.RUNNING;
  QueryError error;
  long finishedAtMillis;

  Job(String id, String sql, List<QueryStage> plan, byte[] resultSchema, long submittedAtMillis) {
    this.id = id;
    this.sql = sql;
    this.submittedAtMillis = submittedAtMillis;
    this.resultSchema = resultSchema;
    for (QueryStage s : plan) {
      stages.put(s.stageId(), new Stage(s));
    }
  }

  boolean isActive() {
    return state == JobState.RUNNING || state == JobState.QUEUED;
  }

  /** Every task of the final stage has its executor: it runs or ran there, or is pinned to run there. */
  boolean resultsPlaced() {
    Stage last = finalStage();
    if (last == null) {
      return false;
    }
    for (Task t : last.tasks) {
      if (t.executorId == null) {
        return false;
      }
    }
    return true;
  }

  Stage finalStage() {
    Stage last = null;
    for (Stage s : stages.values()) {
      last = s;
    }
    return last;
  }
}
