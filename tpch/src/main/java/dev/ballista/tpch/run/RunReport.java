package dev.ballista.tpch.run;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The results of a {@link TpchRunner} run as a terminal table, a JSON document and a Markdown page. */
public final class RunReport {
  private final RunResult result;
  private final MachineInfo machine;
  private final String url;

  public RunReport(RunResult result, MachineInfo machine, String url) {
    this.result = result;
    this.machine = machine;
    this.url = url;
  }

  /** Per query: rows, min/median/max over the power iterations, status; then the totals. */
  public TextTable powerTable() {
    TextTable table = new TextTable("Query", ">Rows", ">Min ms", ">Median ms", ">Max ms", "Status");
    for (RunResult.QuerySummary s : result.summaries()) {
      String status = s.error() != null ? s.status() + ": " + s.error()
          : !s.mismatches().isEmpty() ? s.status() + ": " + String.join("; ", s.mismatches()) : s.status();
      table.row(String.format("Q%02d", s.query()), s.millis().count() == 0 ? "-" : s.rows(),
          Reports.millis(s.millis().min()), Reports.millis(s.millis().median()), Reports.millis(s.millis().max()),
          status);
    }
    Stats total = result.total();
    table.row("Total", "", Reports.millis(total.min()), Reports.millis(total.median()),
        Reports.millis(total.max()), total.count() + " of " + result.options().queries().size() + " queries");
    return table;
  }

  /** Per stream: seed, wall time, failures, query order. */
  public TextTable throughputTable() {
    TextTable table = new TextTable("Stream", ">Seed", ">Seconds", ">Failed", "Order");
    for (StreamResult s : result.streams()) {
      long failed = s.outcomes().stream().filter(QueryOutcome::failed).count();
      table.row(s.stream(), s.seed(), Reports.seconds(s.millis()), failed,
          String.join(" ", s.order().stream().map(String::valueOf).toList()));
    }
    return table;
  }

  public String text() {
    StringBuilder out = new StringBuilder();
    out.append(String.format("Power run: %d iteration(s), %s%n", result.options().iterations(),
        parametersLine())).append(powerTable().aligned());
    if (!result.streams().isEmpty()) {
      out.append(String.format("%nThroughput run: %d streams in %s, %.0f queries per hour%n",
          result.streams().size(), Reports.seconds(result.throughputMillis()), result.queriesPerHour()))
          .append(throughputTable().aligned());
    }
    int problems = result.problems().size();
    out.append(problems == 0 ? "\nAll queries succeeded.\n" : "\n" + problems + " failed or mismatched executions.\n");
    return out.toString();
  }

  private String parametersLine() {
    RunOptions o = result.options();
    String params = o.seed() == null ? "validation parameters" : "parameters drawn from seed " + o.seed();
    String validation = o.validate() ? "answers checked" : "answers not checked";
    return params + ", " + validation;
  }

  public String markdown() {
    RunOptions o = result.options();
    StringBuilder md = new StringBuilder("# TPC-H run, scale factor " + ServerDataset.format(o.sf()) + "\n\n");
    md.append("`ballista tpch run` against `").append(url).append("`: ").append(o.iterations())
        .append(" power iteration(s) of ").append(o.queries().size()).append(" queries with ")
        .append(parametersLine());
    if (o.streams() > 0) {
      md.append(", then a throughput run of ").append(o.streams()).append(" concurrent streams");
    }
    md.append(". Times are wall-clock milliseconds until the last row arrived at the JDBC client.\n\n");
    md.append(Reports.machineMarkdown(machine)).append("\n## Power run\n\n").append(powerTable().markdown());
    if (!result.streams().isEmpty()) {
      md.append(String.format("%n## Throughput run%n%n%d streams in %s, %.0f queries per hour. Each stream draws "
          + "its parameters from its seed and runs the queries in its own order.%n%n", result.streams().size(),
          Reports.seconds(result.throughputMillis()), result.queriesPerHour()))
          .append(throughputTable().markdown());
    }
    if (!result.problems().isEmpty()) {
      md.append("\n## Problems\n\n");
      for (QueryOutcome p : result.problems()) {
        md.append("- Q").append(p.query()).append(p.stream() == 0 ? " (power " + p.iteration() + ")"
            : " (stream " + p.stream() + ")").append(": ")
            .append(p.failed() ? p.error() : String.join("; ", p.mismatches())).append('\n');
      }
    }
    return md.toString();
  }

  public Map<String, Object> json() {
    RunOptions o = result.options();
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("kind", "tpch-run");
    doc.put("machine", machine);
    Map<String, Object> run = new LinkedHashMap<>();
    run.put("url", url);
    run.put("scaleFactor", o.sf());
    run.put("queries", o.queries());
    run.put("iterations", o.iterations());
    run.put("streams", o.streams());
    run.put("seed", o.seed());
    run.put("validate", o.validate());
    doc.put("run", run);
    List<Map<String, Object>> queries = new ArrayList<>();
    for (RunResult.QuerySummary s : result.summaries()) {
      Map<String, Object> q = new LinkedHashMap<>();
      q.put("query", s.query());
      q.put("status", s.status());
      q.put("rows", s.rows());
      q.put("minMs", Reports.json(s.millis().min()));
      q.put("medianMs", Reports.json(s.millis().median()));
      q.put("maxMs", Reports.json(s.millis().max()));
      q.put("error", s.error());
      q.put("mismatches", s.mismatches());
      q.put("runs", result.power().stream().filter(p -> p.query() == s.query()).map(RunReport::outcome).toList());
      queries.add(q);
    }
    Stats total = result.total();
    Map<String, Object> power = new LinkedHashMap<>();
    power.put("queries", queries);
    Map<String, Object> totals = new LinkedHashMap<>();
    totals.put("minMs", Reports.json(total.min()));
    totals.put("medianMs", Reports.json(total.median()));
    totals.put("maxMs", Reports.json(total.max()));
    totals.put("queriesCounted", total.count());
    power.put("total", totals);
    power.put("wallMs", Reports.json(result.powerMillis()));
    doc.put("power", power);
    if (!result.streams().isEmpty()) {
      Map<String, Object> throughput = new LinkedHashMap<>();
      throughput.put("wallMs", Reports.json(result.throughputMillis()));
      throughput.put("queriesPerHour", Math.round(result.queriesPerHour()));
      throughput.put("streams", result.streams().stream().map(s -> {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("stream", s.stream());
        m.put("seed", s.seed());
        m.put("order", s.order());
        m.put("wallMs", Reports.json(s.millis()));
        m.put("queries", s.outcomes().stream().map(RunReport::outcome).toList());
        return m;
      }).toList());
      doc.put("throughput", throughput);
    }
    doc.put("failures", result.problems().size());
    return doc;
  }

  private static Map<String, Object> outcome(QueryOutcome o) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("query", o.query());
    m.put("iteration", o.iteration());
    m.put("ms", Reports.json(o.millis()));
    m.put("rows", o.rows());
    m.put("parameters", new TreeMap<>(o.parameters()));
    m.put("validation", o.validation());
    m.put("error", o.error());
    if (!o.mismatches().isEmpty()) {
      m.put("mismatches", o.mismatches());
    }
    return m;
  }

  /** Writes {@code json} and the Markdown page beside it (same name, .md). */
  public void write(Path json) throws IOException {
    Reports.write(json, json(), markdown());
  }
}
