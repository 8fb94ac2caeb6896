package dev.ballista.scheduler;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ballista.proto.JobStatus;
import dev.ballista.proto.OperatorMetrics;
import dev.ballista.proto.ResultPartition;
import dev.ballista.proto.StageStatus;
import dev.ballista.proto.TaskMetrics;
import dev.ballista.proto.TaskSummary;

/** Job statuses as the REST API's JSON: a summary for lists, stages and tasks for one job. Times are epoch millis. */
final class JobJson {
  static final int SQL_SNIPPET_CHARS = 200;
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private JobJson() {}

  static ObjectNode summary(JobStatus job) {
    ObjectNode o = JSON.objectNode();
    String sql = job.getSql().strip().replaceAll("\\s+", " ");
    o.put("id", job.getJobId());
    o.put("sql", sql.length() > SQL_SNIPPET_CHARS ? sql.substring(0, SQL_SNIPPET_CHARS) + "…" : sql);
    o.put("state", job.getState().name());
    o.put("submittedAt", job.getSubmittedAtMillis());
    if (job.getFinishedAtMillis() > 0) {
      o.put("endedAt", job.getFinishedAtMillis());
    } else {
      o.putNull("endedAt");
    }
    o.put("progress", job.getProgress());
    o.put("completedTasks", job.getCompletedTasks());
    o.put("totalTasks", job.getTotalTasks());
    if (job.hasError()) {
      ObjectNode e = o.putObject("error");
      e.put("code", job.getError().getCode());
      e.put("message", job.getError().getMessage());
    } else {
      o.putNull("error");
    }
    return o;
  }

  static ObjectNode detail(JobStatus job) {
    ObjectNode o = summary(job);
    o.put("sql", job.getSql());
    long rows = 0;
    long bytes = 0;
    for (ResultPartition p : job.getPartitionsList()) {
      rows += p.getNumRows();
      bytes += p.getNumBytes();
    }
    o.put("resultRows", rows);
    o.put("resultBytes", bytes);
    ArrayNode stages = o.putArray("stages");
    for (StageStatus s : job.getStagesList()) {
      stages.add(stage(s));
    }
    return o;
  }

  private static ObjectNode stage(StageStatus s) {
    ObjectNode o = JSON.objectNode();
    o.put("id", s.getStageId());
    o.put("state", s.getState());
    o.put("tasks", s.getPartitions());
    o.put("completedTasks", s.getCompletedTasks());
    o.put("runningTasks", s.getRunningTasks());
    o.put("pendingTasks", s.getPendingTasks());
    ArrayNode inputs = o.putArray("inputStages");
    s.getInputStagesList().forEach(inputs::add);
    o.put("startedAt", s.getStartedAtMillis());
    o.put("endedAt", s.getFinishedAtMillis());
    o.set("metrics", metrics(s.getMetrics()));
    ArrayNode plan = o.putArray("operators");
    for (int i = 0; i < s.getPlanCount(); i++) {
      ObjectNode op = plan.addObject();
      String line = s.getPlan(i);
      String name = line.stripLeading();
      op.put("depth", (line.length() - name.length()) / 2);
      op.put("operator", name);
      if (i < s.getMetrics().getOperatorsCount()) {
        OperatorMetrics m = s.getMetrics().getOperators(i);
        op.put("outputRows", m.getOutputRows());
        op.put("outputBatches", m.getOutputBatches());
        op.put("elapsedNanos", m.getElapsedNanos());
      }
    }
    ArrayNode tasks = o.putArray("taskList");
    for (TaskSummary t : s.getTasksList()) {
      ObjectNode task = tasks.addObject();
      task.put("partition", t.getPartition());
      task.put("attempt", t.getAttempt());
      task.put("state", t.getState());
      task.put("executorId", t.getExecutorId());
      task.put("launchedAt", t.getLaunchedAtMillis());
      task.put("endedAt", t.getFinishedAtMillis());
      task.set("metrics", t.hasMetrics() ? metrics(t.getMetrics()) : null);
    }
    return o;
  }

  private static ObjectNode metrics(TaskMetrics m) {
    ObjectNode o = JSON.objectNode();
    o.put("inputRows", m.getInputRows());
    o.put("inputBytes", m.getInputBytes());
    o.put("outputRows", m.getOutputRows());
    o.put("outputBytes", m.getOutputBytes());
    o.put("elapsedNanos", m.getElapsedNanos());
    o.put("cpuNanos", m.getCpuNanos());
    o.put("spilledBytes", m.getSpilledBytes());
    o.put("peakMemoryBytes", m.getPeakMemoryBytes());
    return o;
  }
}
