package dev.ballista.scheduler;

import dev.ballista.proto.OperatorMetrics;
import dev.ballista.proto.StageStatus;
import dev.ballista.proto.TaskMetrics;
import dev.ballista.proto.TaskSummary;

/**
 * A stage's progress as clients see it: task counts, when it started and ended, and its tasks' metrics summed
 * over finished tasks (the latest attempt of each; peak memory is the largest task's). Operator metrics are summed
 * per operator index, which is the same in every task of a stage. Called under the JobManager's lock.
 */
final class StageProgress {
  private StageProgress() {}

  static StageStatus describe(Job.Stage stage, boolean detailed) {
    int done = stage.count(Job.TaskState.DONE);
    int running = stage.count(Job.TaskState.RUNNING);
    StageStatus.Builder b = StageStatus.newBuilder().setStageId(stage.plan.stageId())
        .setState(done == stage.tasks.length ? "COMPLETED" : running > 0 || done > 0 ? "RUNNING" : "PENDING")
        .setPartitions(stage.tasks.length).setCompletedTasks(done).setRunningTasks(running)
        .setPendingTasks(stage.count(Job.TaskState.PENDING)).addAllInputStages(stage.plan.inputStages());
    long started = 0;
    long finished = 0;
    TaskMetrics.Builder sum = TaskMetrics.newBuilder();
    long[] opRows = new long[stage.explain.size()];
    long[] opBatches = new long[opRows.length];
    long[] opNanos = new long[opRows.length];
    for (Job.Task t : stage.tasks) {
      if (t.launchedAtMillis > 0 && (started == 0 || t.launchedAtMillis < started)) {
        started = t.launchedAtMillis;
      }
      finished = Math.max(finished, t.finishedAtMillis);
      if (t.state != Job.TaskState.DONE || t.metrics == null) {
        continue;
      }
      TaskMetrics m = t.metrics;
      sum.setInputRows(sum.getInputRows() + m.getInputRows())
          .setInputBytes(sum.getInputBytes() + m.getInputBytes())
          .setOutputRows(sum.getOutputRows() + m.getOutputRows())
          .setOutputBytes(sum.getOutputBytes() + m.getOutputBytes())
          .setElapsedNanos(sum.getElapsedNanos() + m.getElapsedNanos())
          .setCpuNanos(sum.getCpuNanos() + m.getCpuNanos())
          .setSpilledBytes(sum.getSpilledBytes() + m.getSpilledBytes())
          .setPeakMemoryBytes(Math.max(sum.getPeakMemoryBytes(), m.getPeakMemoryBytes()));
      for (OperatorMetrics op : m.getOperatorsList()) {
        int i = op.getIndex();
        if (i >= 0 && i < opRows.length) {
          opRows[i] += op.getOutputRows();
          opBatches[i] += op.getOutputBatches();
          opNanos[i] += op.getElapsedNanos();
        }
      }
    }
    b.setStartedAtMillis(started).setFinishedAtMillis(done == stage.tasks.length ? finished : 0);
    if (detailed) {
      b.addAllPlan(stage.explain);
      if (done > 0) {
        for (int i = 0; i < opRows.length; i++) {
          sum.addOperators(OperatorMetrics.newBuilder().setIndex(i).setOutputRows(opRows[i])
              .setOutputBatches(opBatches[i]).setElapsedNanos(opNanos[i]));
        }
      }
      for (Job.Task t : stage.tasks) {
        TaskSummary.Builder task = TaskSummary.newBuilder().setPartition(t.partition).setAttempt(t.attempt)
            .setState(t.state.name()).setExecutorId(t.executorId == null ? "" : t.executorId)
            .setLaunchedAtMillis(t.launchedAtMillis).setFinishedAtMillis(t.finishedAtMillis);
        if (t.metrics != null) {
          task.setMetrics(t.metrics.toBuilder().clearOperators());
        }
        b.addTasks(task);
      }
    }
    return b.setMetrics(sum).build();
  }
}
