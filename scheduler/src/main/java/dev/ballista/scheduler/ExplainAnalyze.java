package dev.ballista.scheduler;

import dev.ballista.engine.ErrorCode;
import dev.ballista.engine.QueryException;
import dev.ballista.engine.exec.ExecutionPlan;
import dev.ballista.engine.exec.op.ValuesExec;
import dev.ballista.engine.types.Column;
import dev.ballista.engine.types.DataType;
import dev.ballista.engine.types.RowSchema;
import dev.ballista.proto.JobState;
import dev.ballista.proto.JobStatus;
import dev.ballista.proto.OperatorMetrics;
import dev.ballista.proto.QueryError;
import dev.ballista.proto.StageStatus;
import dev.ballista.proto.TaskMetrics;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code EXPLAIN ANALYZE <query>}: runs the query as an ordinary job, waits for it, and answers its distributed plan
 * with what each stage and operator did (rows, bytes, time summed over tasks). The query's result is discarded.
 * Calcite's parser has no EXPLAIN ANALYZE, so the statement is recognised by its first two words.
 */
final class ExplainAnalyze {
  private static final Pattern STATEMENT = Pattern.compile("^\\s*explain\\s+analyze\\s+(.*)$",
      Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
  static final RowSchema SCHEMA = new RowSchema(List.of(Column.of("plan", DataType.VARCHAR)));

  private final JobManager jobs;

  ExplainAnalyze(JobManager jobs) {
    this.jobs = jobs;
  }

  /** The query after EXPLAIN ANALYZE, or null when {@code sql} is something else. */
  static String query(String sql) {
    Matcher m = STATEMENT.matcher(sql);
    return m.matches() ? m.group(1) : null;
  }

  /**
   * Runs {@code plan} through {@code submit} (which answers a job id), waits for the job and returns the annotated
   * plan as a one-column table. A failed query fails the statement with the query's error.
   */
  ExecutionPlan run(String query, ExecutionPlan plan, BiFunction<String, ExecutionPlan, String> submit) {
    String jobId = submit.apply(query, plan);
    try {
      JobStatus status;
      do {
        status = jobs.status(jobId, 60_000, true);
        if (status == null) {
          throw new QueryException(ErrorCode.INTERNAL, "job " + jobId + " disappeared while it ran");
        }
      } while (status.getState() == JobState.RUNNING || status.getState() == JobState.QUEUED);
      if (status.getState() != JobState.COMPLETED) {
        throw failure(status.getError());
      }
      List<List<Object>> rows = new ArrayList<>();
      for (String line : annotate(status)) {
        rows.add(List.of(line));
      }
      return new ValuesExec(SCHEMA, rows);
    } finally {
      jobs.removeJobData(jobId); // the query's result is not wanted
    }
  }

  private static QueryException failure(QueryError error) {
    ErrorCode code;
    try {
      code = ErrorCode.valueOf(error.getCode());
    } catch (IllegalArgumentException e) {
      code = ErrorCode.INTERNAL;
    }
    return new QueryException(code, error.getMessage());
  }

  /** The plan text of a finished job, one line per operator with its metrics, a header line per stage. */
  static List<String> annotate(JobStatus status) {
    List<String> lines = new ArrayList<>();
    long rows = 0;
    for (var p : status.getPartitionsList()) {
      rows += p.getNumRows();
    }
    lines.add("Job " + status.getJobId() + ": " + rows + " rows in "
        + duration((status.getFinishedAtMillis() - status.getSubmittedAtMillis()) * 1_000_000) + ", "
        + status.getStagesCount() + " stages, " + status.getTotalTasks() + " tasks");
    for (StageStatus stage : status.getStagesList()) {
      TaskMetrics m = stage.getMetrics();
      lines.add("Stage " + stage.getStageId() + " (" + stage.getPartitions() + " tasks, "
          + duration((stage.getFinishedAtMillis() - stage.getStartedAtMillis()) * 1_000_000) + " wall): input "
          + m.getInputRows() + " rows (" + bytes(m.getInputBytes()) + "), output " + m.getOutputRows() + " rows ("
          + bytes(m.getOutputBytes()) + "), task time " + duration(m.getElapsedNanos()) + ", cpu "
          + duration(m.getCpuNanos()) + ", peak memory " + bytes(m.getPeakMemoryBytes()) + ", spilled "
          + bytes(m.getSpilledBytes()));
      List<OperatorMetrics> ops = m.getOperatorsList();
      for (int i = 0; i < stage.getPlanCount(); i++) {
        String line = "  " + stage.getPlan(i);
        if (i < ops.size()) {
          OperatorMetrics op = ops.get(i);
          line += "  [rows=" + op.getOutputRows() + ", batches=" + op.getOutputBatches() + ", time="
              + duration(op.getElapsedNanos()) + "]";
        }
        lines.add(line);
      }
    }
    return lines;
  }

  static String duration(long nanos) {
    double ms = nanos / 1e6;
    return ms < 1000 ? String.format(Locale.ROOT, "%.1f ms", ms) : String.format(Locale.ROOT, "%.2f s", ms / 1000);
  }

  static String bytes(long n) {
    if (n < 1024) {
      return n + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    double v = n;
    int u = -1;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
  }
}
