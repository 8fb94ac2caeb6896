package dev.ballista.tpch.run;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** An {@link EngineComparison} as a terminal table, a JSON document and a self-describing Markdown page. */
public final class ComparisonReport {
  /** What was compared: the scale factor, iterations, and how each engine was reached. */
  public record Setup(double sf, int iterations, String ours, String duckdb, String dataDir) {}

  private final List<EngineComparison.Line> lines;
  private final Setup setup;
  private final MachineInfo machine;

  public ComparisonReport(List<EngineComparison.Line> lines, Setup setup, MachineInfo machine) {
    this.lines = List.copyOf(lines);
    this.setup = setup;
    this.machine = machine;
  }

  public double oursTotalMs() {
    return lines.stream().filter(EngineComparison.Line::bothRan).mapToDouble(EngineComparison.Line::oursMs).sum();
  }

  public double duckdbTotalMs() {
    return lines.stream().filter(EngineComparison.Line::bothRan).mapToDouble(EngineComparison.Line::duckdbMs).sum();
  }

  /** The geometric mean of the per-query ratios, which no single long query dominates. */
  public double geometricMeanRatio() {
    double[] ratios = lines.stream().filter(EngineComparison.Line::bothRan).mapToDouble(EngineComparison.Line::ratio)
        .toArray();
    if (ratios.length == 0) {
      return Double.NaN;
    }
    double logs = 0;
    for (double r : ratios) {
      logs += Math.log(r);
    }
    return Math.exp(logs / ratios.length);
  }

  /** Queries that failed on either engine, whose row counts differ, or whose rows are wrong. */
  public long problems() {
    return lines.stream().filter(l -> !l.bothRan() || l.rowsDiffer() || l.wrong()).count();
  }

  /** Queries whose rows were checked (against DuckDB's or a reference answer) and matched. */
  public long correct() {
    return lines.stream().filter(l -> (l.differencesFromDuckdb() != null || l.differencesFromAnswer() != null)
        && !l.wrong()).count();
  }

  public TextTable table() {
    TextTable table = new TextTable("Query", ">Ballista ms", ">DuckDB ms", ">Ratio", ">Rows", "Note");
    for (EngineComparison.Line l : lines) {
      String note = l.oursError() != null ? "ours failed: " + l.oursError()
          : l.duckdbError() != null ? "DuckDB failed: " + l.duckdbError()
          : l.rowsDiffer() ? "row counts differ: DuckDB " + l.duckdbRows()
          : l.wrong() ? "WRONG, " + EngineComparison.firstDifference(l)
          : checks(l);
      table.row(String.format("Q%02d", l.query()), Reports.millis(l.oursMs()), Reports.millis(l.duckdbMs()),
          ratio(l.ratio()), l.oursError() == null ? l.oursRows() : "-", note);
    }
    long both = lines.stream().filter(EngineComparison.Line::bothRan).count();
    table.row("Total", Reports.millis(oursTotalMs()), Reports.millis(duckdbTotalMs()),
        ratio(oursTotalMs() / duckdbTotalMs()), "", both + " of " + lines.size() + " queries on both");
    table.row("Geomean", "", "", ratio(geometricMeanRatio()), "", "of the per-query ratios");
    return table;
  }

  /** What a correct line was checked against. */
  private static String checks(EngineComparison.Line l) {
    boolean answer = l.differencesFromAnswer() != null;
    boolean duckdb = l.differencesFromDuckdb() != null;
    return answer && duckdb ? "= answer, = DuckDB" : answer ? "= answer" : duckdb ? "= DuckDB" : "";
  }

  private static String ratio(double r) {
    return Double.isNaN(r) || Double.isInfinite(r) ? "-" : String.format(Locale.ROOT, "%.2f", r);
  }

  public String text() {
    return String.format(Locale.ROOT, "TPC-H SF %s, best of %d per query and engine; ratio = Ballista / DuckDB%n",
        ServerDataset.format(setup.sf()), setup.iterations()) + table().aligned() + correctness() + "\n";
  }

  /** One sentence on the answer checks. */
  public String correctness() {
    long wrong = lines.stream().filter(EngineComparison.Line::wrong).count();
    return String.format(Locale.ROOT, "Answers: %d of %d queries checked and correct%s.", correct(), lines.size(),
        wrong == 0 ? "" : ", " + wrong + " WRONG");
  }

  public String markdown() {
    StringBuilder md = new StringBuilder("# TPC-H: Ballista vs DuckDB, scale factor ")
        .append(ServerDataset.format(setup.sf())).append("\n\n");
    md.append("Produced by `ballista tpch compare --sf ").append(ServerDataset.format(setup.sf()))
        .append(" --iterations ").append(setup.iterations()).append("`. The 22 queries with their validation ")
        .append("parameters run on both engines over the same Parquet files (`").append(setup.dataDir())
        .append("`), alternating engines on each iteration; each cell is the best of ").append(setup.iterations())
        .append(" wall-clock time(s) in milliseconds until the last row reached the JDBC client. Ratio = Ballista / ")
        .append("DuckDB: above 1 means Ballista is slower. Ballista's rows of the first run are checked against ")
        .append("DuckDB's (\"= DuckDB\") and, at scale factors with reference answers, against those (\"= answer\"): ")
        .append("decimals to the cent, doubles within 0.01.\n\n");
    md.append("- Ballista: ").append(setup.ours()).append('\n');
    md.append("- DuckDB: ").append(setup.duckdb()).append("\n\n");
    md.append(Reports.machineMarkdown(machine)).append("\n## Results\n\n").append(table().markdown())
        .append('\n').append(correctness()).append('\n');
    return md.toString();
  }

  public Map<String, Object> json() {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("kind", "tpch-compare");
    doc.put("machine", machine);
    doc.put("setup", setup);
    doc.put("queries", lines.stream().map(l -> {
      Map<String, Object> q = new LinkedHashMap<>();
      q.put("query", l.query());
      q.put("ballistaMs", Reports.json(l.oursMs()));
      q.put("duckdbMs", Reports.json(l.duckdbMs()));
      q.put("ratio", Double.isNaN(l.ratio()) ? null : Math.round(l.ratio() * 1000) / 1000.0);
      q.put("ballistaRows", l.oursRows());
      q.put("duckdbRows", l.duckdbRows());
      q.put("ballistaError", l.oursError());
      q.put("duckdbError", l.duckdbError());
      q.put("matchesDuckdb", l.differencesFromDuckdb() == null ? null : l.differencesFromDuckdb().isEmpty());
      q.put("matchesAnswer", l.differencesFromAnswer() == null ? null : l.differencesFromAnswer().isEmpty());
      if (l.wrong()) {
        q.put("differencesFromDuckdb", l.differencesFromDuckdb());
        q.put("differencesFromAnswer", l.differencesFromAnswer());
      }
      return q;
    }).toList());
    Map<String, Object> total = new LinkedHashMap<>();
    total.put("ballistaMs", Reports.json(oursTotalMs()));
    total.put("duckdbMs", Reports.json(duckdbTotalMs()));
    double ratio = oursTotalMs() / duckdbTotalMs();
    total.put("ratio", Double.isFinite(ratio) ? Math.round(ratio * 1000) / 1000.0 : null);
    double geomean = geometricMeanRatio();
    total.put("geometricMeanRatio", Double.isNaN(geomean) ? null : Math.round(geomean * 1000) / 1000.0);
    doc.put("total", total);
    doc.put("problems", problems());
    doc.put("correct", correct());
    return doc;
  }

  public void write(Path json) throws IOException {
    Reports.write(json, json(), markdown());
  }
}
