package dev.ballista.tpch.run;

import java.util.ArrayList;
import java.util.List;

/** Everything a run measured: the power run's executions in order, then the throughput streams. */
public record RunResult(RunOptions options, List<QueryOutcome> power, double powerMillis,
    List<StreamResult> streams, double throughputMillis) {
  public RunResult {
    power = List.copyOf(power);
    streams = List.copyOf(streams);
  }

  /** One power-run line per query: times over its successful iterations, and its worst status. */
  public record QuerySummary(int query, long rows, Stats millis, String status, String error,
      List<String> mismatches) {}

  public List<QuerySummary> summaries() {
    List<QuerySummary> lines = new ArrayList<>();
    for (int query : options.queries()) {
      List<QueryOutcome> runs = power.stream().filter(o -> o.query() == query).toList();
      Stats stats = Stats.of(runs.stream().filter(o -> !o.failed()).map(QueryOutcome::millis).toList());
      QueryOutcome failed = runs.stream().filter(QueryOutcome::failed).findFirst().orElse(null);
      QueryOutcome mismatched = runs.stream().filter(QueryOutcome::mismatched).findFirst().orElse(null);
      long rows = runs.stream().filter(o -> !o.failed()).mapToLong(QueryOutcome::rows).findFirst().orElse(0);
      String status = failed != null ? "FAILED" : mismatched != null ? "MISMATCH"
          : runs.stream().allMatch(o -> "match".equals(o.validation())) ? "ok, matches answer" : "ok";
      lines.add(new QuerySummary(query, rows, stats, status, failed == null ? null : failed.error(),
          mismatched == null ? List.of() : mismatched.mismatches()));
    }
    return lines;
  }

  /** Sums of the per-query minimum, median and maximum, over queries that succeeded every time. */
  public Stats total() {
    double min = 0;
    double median = 0;
    double max = 0;
    int count = 0;
    for (QuerySummary s : summaries()) {
      if (s.millis().count() == options.iterations()) {
        min += s.millis().min();
        median += s.millis().median();
        max += s.millis().max();
        count++;
      }
    }
    return new Stats(min, median, max, count);
  }

  /** Queries per hour of the throughput run (completed queries over its wall time), NaN without one. */
  public double queriesPerHour() {
    if (streams.isEmpty() || throughputMillis <= 0) {
      return Double.NaN;
    }
    long done = streams.stream().flatMap(s -> s.outcomes().stream()).filter(o -> !o.failed()).count();
    return done * 3_600_000.0 / throughputMillis;
  }

  /** Every failed or mismatched execution, power and throughput. */
  public List<QueryOutcome> problems() {
    List<QueryOutcome> all = new ArrayList<>(power);
    streams.forEach(s -> all.addAll(s.outcomes()));
    return all.stream().filter(o -> !o.ok()).toList();
  }
}
