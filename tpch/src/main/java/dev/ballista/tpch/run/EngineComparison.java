package dev.ballista.tpch.run;

import dev.ballista.tpch.ExpectedResult;
import dev.ballista.tpch.TpchAnswers;
import dev.ballista.tpch.TpchParameters;
import dev.ballista.tpch.TpchQueries;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.IntFunction;

/**
 * The same queries (validation parameters) on our engine and on DuckDB, alternating engines on every iteration
 * of a query so both see the same machine state; each engine's best time of N per query counts. Our rows of the
 * first iteration are checked against DuckDB's and, where the scale factor has them, the reference answers.
 */
public final class EngineComparison {
  /**
   * One query on both engines: best wall times in ms (NaN if it failed every time), row counts, errors, and how
   * our rows differ from DuckDB's and from the reference answer (empty: they match; null: not checked).
   */
  public record Line(int query, double oursMs, double duckdbMs, long oursRows, long duckdbRows, String oursError,
      String duckdbError, List<String> differencesFromDuckdb, List<String> differencesFromAnswer) {
    public Line(int query, double oursMs, double duckdbMs, long oursRows, long duckdbRows, String oursError,
        String duckdbError) {
      this(query, oursMs, duckdbMs, oursRows, duckdbRows, oursError, duckdbError, null, null);
    }

    public boolean bothRan() {
      return oursError == null && duckdbError == null;
    }

    /** Whether our rows were checked and differ from DuckDB's or from the reference answer. */
    public boolean wrong() {
      return differencesFromDuckdb != null && !differencesFromDuckdb.isEmpty()
          || differencesFromAnswer != null && !differencesFromAnswer.isEmpty();
    }

    /** Ours over DuckDB; above 1 means we are slower. NaN unless both ran. */
    public double ratio() {
      return bothRan() ? oursMs / duckdbMs : Double.NaN;
    }

    public boolean rowsDiffer() {
      return bothRan() && oursRows != duckdbRows;
    }
  }

  private final Connection ours;
  private final Connection duckdb;
  private final List<Integer> queries;
  private final int iterations;
  private final PrintStream progress;
  private final IntFunction<Optional<ExpectedResult>> answers;
  private final double sf;

  /**
   * Reference answers are those known at scale factor {@code sf} (none at most scales); the queries take the
   * validation parameters scaled to it (Q11's fraction).
   */
  public EngineComparison(Connection ours, Connection duckdb, List<Integer> queries, int iterations, double sf,
      PrintStream progress) {
    this(ours, duckdb, queries, iterations, sf, query -> TpchAnswers.forScale(sf, query), progress);
  }

  /** With the SF 1 parameters and the given reference answers. */
  public EngineComparison(Connection ours, Connection duckdb, List<Integer> queries, int iterations,
      IntFunction<Optional<ExpectedResult>> answers, PrintStream progress) {
    this(ours, duckdb, queries, iterations, 1, answers, progress);
  }

  private EngineComparison(Connection ours, Connection duckdb, List<Integer> queries, int iterations, double sf,
      IntFunction<Optional<ExpectedResult>> answers, PrintStream progress) {
    if (iterations < 1) {
      throw new IllegalArgumentException("--iterations must be at least 1, got " + iterations);
    }
    this.ours = ours;
    this.duckdb = duckdb;
    this.queries = List.copyOf(queries);
    this.iterations = iterations;
    this.progress = progress;
    this.answers = answers;
    this.sf = sf;
  }

  public List<Line> run() {
    List<Line> lines = new ArrayList<>();
    for (int query : queries) {
      String sql = TpchQueries.query(query, TpchParameters.defaults(query, sf)).sql();
      Best oursBest = new Best();
      Best duckBest = new Best();
      for (int i = 0; i < iterations; i++) {
        // Alternate which engine goes first, so neither always runs on the other's warm caches.
        if (i % 2 == 0) {
          oursBest.add(ours, sql);
          duckBest.add(duckdb, DuckDb.dialect(sql));
        } else {
          duckBest.add(duckdb, DuckDb.dialect(sql));
          oursBest.add(ours, sql);
        }
      }
      List<String> fromDuckdb = oursBest.kept != null && duckBest.kept != null
          ? TpchAnswers.fromRows(query, duckBest.kept).mismatches(oursBest.kept) : null;
      List<String> fromAnswer = oursBest.kept != null
          ? answers.apply(query).map(a -> a.mismatches(oursBest.kept)).orElse(null) : null;
      Line line = new Line(query, oursBest.millis, duckBest.millis, oursBest.rows, duckBest.rows, oursBest.error,
          duckBest.error, fromDuckdb, fromAnswer);
      progress.printf(Locale.ROOT, "Q%02d  ours %s  duckdb %s  ratio %s%s%n", query, describe(oursBest),
          describe(duckBest), Double.isNaN(line.ratio()) ? "-" : String.format(Locale.ROOT, "%.2f", line.ratio()),
          line.wrong() ? "  WRONG: " + firstDifference(line) : "");
      lines.add(line);
    }
    return lines;
  }

  /** The first difference of a wrong line, from the reference answer if it has one, else from DuckDB. */
  public static String firstDifference(Line line) {
    if (line.differencesFromAnswer() != null && !line.differencesFromAnswer().isEmpty()) {
      return "differs from the reference answer: " + line.differencesFromAnswer().getFirst();
    }
    if (line.differencesFromDuckdb() != null && !line.differencesFromDuckdb().isEmpty()) {
      return "differs from DuckDB: " + line.differencesFromDuckdb().getFirst();
    }
    return "";
  }

  private static String describe(Best best) {
    return best.error != null ? "FAILED: " + best.error : Reports.millis(best.millis) + " ms";
  }

  /**
   * The fastest successful run of one engine on one query; the last error if none succeeded. The rows of the
   * first successful run are kept for the answer checks (later runs only count them, as timed runs should).
   */
  private static final class Best {
    double millis = Double.NaN;
    long rows;
    String error;
    List<List<Object>> kept;

    void add(Connection connection, String sql) {
      try {
        QueryExecution.Result r = QueryExecution.run(connection, sql, kept == null);
        if (kept == null) {
          kept = r.rows();
        }
        if (Double.isNaN(millis) || r.millis() < millis) {
          millis = r.millis();
        }
        rows = r.rowCount();
        error = null;
      } catch (SQLException | RuntimeException e) {
        if (Double.isNaN(millis)) {
          error = QueryExecution.message(e);
        }
      }
    }
  }
}
