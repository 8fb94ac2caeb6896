package dev.ballista.tpch.run;

import dev.ballista.tpch.TpchQueries;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The same queries (validation parameters) on our engine and on DuckDB, alternating engines on every iteration
 * of a query so both see the same machine state; each engine's best time of N per query counts.
 */
public final class EngineComparison {
  /** One query on both engines: best wall times in ms (NaN if it failed every time), row counts, errors. */
  public record Line(int query, double oursMs, double duckdbMs, long oursRows, long duckdbRows, String oursError,
      String duckdbError) {
    public boolean bothRan() {
      return oursError == null && duckdbError == null;
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

  public EngineComparison(Connection ours, Connection duckdb, List<Integer> queries, int iterations,
      PrintStream progress) {
    if (iterations < 1) {
      throw new IllegalArgumentException("--iterations must be at least 1, got " + iterations);
    }
    this.ours = ours;
    this.duckdb = duckdb;
    this.queries = List.copyOf(queries);
    this.iterations = iterations;
    this.progress = progress;
  }

  public List<Line> run() {
    List<Line> lines = new ArrayList<>();
    for (int query : queries) {
      String sql = TpchQueries.query(query).sql();
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
      Line line = new Line(query, oursBest.millis, duckBest.millis, oursBest.rows, duckBest.rows, oursBest.error,
          duckBest.error);
      progress.printf(Locale.ROOT, "Q%02d  ours %s  duckdb %s  ratio %s%n", query, describe(oursBest),
          describe(duckBest), Double.isNaN(line.ratio()) ? "-" : String.format(Locale.ROOT, "%.2f", line.ratio()));
      lines.add(line);
    }
    return lines;
  }

  private static String describe(Best best) {
    return best.error != null ? "FAILED: " + best.error : Reports.millis(best.millis) + " ms";
  }

  /** The fastest successful run of one engine on one query; the last error if none succeeded. */
  private static final class Best {
    double millis = Double.NaN;
    long rows;
    String error;

    void add(Connection connection, String sql) {
      try {
        QueryExecution.Result r = QueryExecution.run(connection, sql, false);
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
