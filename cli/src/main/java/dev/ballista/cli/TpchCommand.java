package dev.ballista.cli;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.ballista.tpch.TpchParameters;
import dev.ballista.tpch.TpchQueries;
import dev.ballista.tpch.run.ComparisonReport;
import dev.ballista.tpch.run.DuckDb;
import dev.ballista.tpch.run.EngineComparison;
import dev.ballista.tpch.run.MachineInfo;
import dev.ballista.tpch.run.QuerySelection;
import dev.ballista.tpch.run.Reports;
import dev.ballista.tpch.run.RunOptions;
import dev.ballista.tpch.run.RunReport;
import dev.ballista.tpch.run.RunResult;
import dev.ballista.tpch.run.ServerDataset;
import dev.ballista.tpch.run.TpchRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ballista tpch ...}: TPC-H tooling. */
@Command(name = "tpch", mixinStandardHelpOptions = true, description = "TPC-H data and benchmarks.",
    subcommands = {TpchCommand.Gen.class, TpchCommand.Query.class, TpchCommand.Run.class, TpchCommand.Compare.class})
final class TpchCommand implements Runnable {
  private static final int CONNECT_TIMEOUT_SECONDS = 10;

  @Override
  public void run() {
    new picocli.CommandLine(this).usage(System.out);
  }

  /** {@code ballista tpch gen}: Parquet data at a scale factor, resumable. */
  @Command(name = "gen", mixinStandardHelpOptions = true, description = "Generate TPC-H data as Parquet.")
  static final class Gen implements Callable<Integer> {
    @Option(names = "--sf", defaultValue = "1", description = "Scale factor (default: ${DEFAULT-VALUE}).")
    double sf;

    @Option(names = "--out", description = "Output directory (default: ./data/tpch/sf<SF>).")
    Path out;

    @Option(names = "--files-per-table", defaultValue = "0",
        description = "Files for each large table (default: sized to about 96 MB each).")
    int filesPerTable;

    @Option(names = "--overwrite", description = "Replace data of another scale factor in the output directory.")
    boolean overwrite;

    @Override
    public Integer call() throws Exception {
      Path dir = out != null ? out : TpchData.directory(Path.of("data"), sf);
      TpchData.generate(dir, sf, filesPerTable, overwrite);
      System.out.println("TPC-H scale factor " + sf + " in " + dir.toAbsolutePath());
      return 0;
    }
  }

  /** {@code ballista tpch query}: a query's text with its parameters filled in, e.g. for EXPLAIN ANALYZE. */
  @Command(name = "query", mixinStandardHelpOptions = true,
      description = {"Print TPC-H queries with their parameters filled in, each ending in ';'.",
          "E.g. ballista tpch query 4 | sed '1s/^/EXPLAIN ANALYZE /' | ballista sql"})
  static final class Query implements Callable<Integer> {
    @Parameters(arity = "1", paramLabel = "QUERIES", description = "Queries, e.g. 1,3,5-7.")
    String queries;

    @Option(names = "--seed", description = "Draw the parameters from this seed, within the specification's ranges "
        + "(default: the validation parameters).")
    Long seed;

    @Option(names = "--sf", defaultValue = "1", description = "Scale factor the parameters are for; Q11's "
        + "fraction depends on it (default: ${DEFAULT-VALUE}).")
    double sf;

    @Override
    public Integer call() {
      for (int number : QuerySelection.parse(queries)) {
        Map<String, String> parameters = seed == null ? TpchParameters.defaults(number, sf)
            : TpchParameters.draw(number, seed, sf);
        System.out.println(TpchQueries.query(number, parameters).sql() + ";");
      }
      return 0;
    }
  }

  /** {@code ballista tpch run}: the power run, and with --streams a throughput run, over JDBC. */
  @Command(name = "run", mixinStandardHelpOptions = true,
      description = {"Run the TPC-H queries on a server over JDBC and report the times.",
          "Power run: the queries in order, --iterations times. With --streams S, then a throughput run: S"
              + " concurrent streams, each with its own parameter seed and query order.",
          "Exits 1 if any query failed or (with --validate) returned a wrong answer."})
  static final class Run implements Callable<Integer> {
    @Option(names = "--url", paramLabel = "URL", defaultValue = "${env:BALLISTA_URL:-" + SqlCommand.DEFAULT_URL + "}",
        description = "JDBC URL of the server (default: $BALLISTA_URL, else " + SqlCommand.DEFAULT_URL + ").")
    String url;

    @Option(names = "--sf", description = "Scale factor of the server's data (default: found from its orders"
        + " table); the run stops if the server has another.")
    Double sf;

    @Option(names = "--queries", defaultValue = "all", description = "Queries, e.g. 1,3,5-7 (default: all).")
    String queries;

    @Option(names = "--iterations", defaultValue = "1", description = "Power-run repetitions (default: 1).")
    int iterations;

    @Option(names = "--validate", description = "Compare the power run's results with the reference answers"
        + " (scale factors 1 and 0.01, default parameters only: not with --seed).")
    boolean validate;

    @Option(names = "--streams", defaultValue = "0", description = "Concurrent streams of a throughput run after"
        + " the power run; stream s draws its parameters from seed (--seed or 0) + s (default: none).")
    int streams;

    @Option(names = "--seed", description = "Draw the power run's substitution parameters from this seed, within"
        + " the specification's ranges (default: the validation parameters).")
    Long seed;

    @Option(names = "--user", description = "User to log in as.")
    String user;

    @Option(names = "--password", description = "Password of the user.")
    String password;

    @Option(names = "--out", paramLabel = "FILE", description = "JSON report; a Markdown one goes beside it"
        + " (default: tpch-run-sf<SF>.json).")
    Path out;

    @Override
    public Integer call() throws Exception {
      List<Integer> selected = QuerySelection.parse(queries);
      Properties properties = new Properties();
      if (user != null) {
        properties.setProperty("user", user);
      }
      if (password != null) {
        properties.setProperty("password", password);
      }
      double scale;
      // One plain connection first: an unreachable server or missing tables are reported before any pool starts.
      try (Connection first = Connector.open(url, properties, CONNECT_TIMEOUT_SECONDS)) {
        scale = ServerDataset.check(first, sf);
      } catch (SQLException e) {
        throw new IllegalStateException("cannot reach " + Connector.redact(url) + ": " + e.getMessage(), e);
      }
      RunOptions options = new RunOptions(scale, selected, iterations, validate, streams, seed);
      try (HikariDataSource pool = pool(url, properties, Math.max(1, streams))) {
        TpchRunner runner = new TpchRunner(pool, options, System.err);
        RunResult result = runner.run();
        RunReport report = new RunReport(result, MachineInfo.current(), Connector.redact(url));
        System.out.println();
        System.out.print(report.text());
        Path json = out != null ? out : Path.of("tpch-run-sf" + ServerDataset.format(scale) + ".json");
        report.write(json);
        System.out.println("Report: " + json + " and " + Reports.markdownBeside(json));
        return result.problems().isEmpty() ? 0 : 1;
      }
    }
  }

  /** {@code ballista tpch compare}: the same queries on Ballista and on DuckDB over the same files. */
  @Command(name = "compare", mixinStandardHelpOptions = true,
      description = {"Run the TPC-H queries on Ballista and on DuckDB (in-memory, views over the same Parquet"
          + " files, all cores) and compare the best times.",
          "Without --url, starts an in-process standalone cluster (2 executors, the cores divided among them) over"
              + " the data set."})
  static final class Compare implements Callable<Integer> {
    @Option(names = "--sf", defaultValue = "1", description = "Scale factor (default: ${DEFAULT-VALUE}).")
    double sf;

    @Option(names = "--data", paramLabel = "DIR", description = "The data set (default: ./data/tpch/sf<SF>, as"
        + " ballista tpch gen writes it).")
    Path data;

    @Option(names = "--url", paramLabel = "URL", description = "A running Ballista server with this data set"
        + " registered (default: start one in this process).")
    String url;

    @Option(names = "--queries", defaultValue = "all", description = "Queries, e.g. 1,3,5-7 (default: all).")
    String queries;

    @Option(names = "--iterations", defaultValue = "3",
        description = "Runs per query and engine; the best counts (default: ${DEFAULT-VALUE}).")
    int iterations;

    @Option(names = "--user", description = "User to log in as (with --url).")
    String user;

    @Option(names = "--password", description = "Password of the user (with --url).")
    String password;

    @Option(names = "--out", paramLabel = "FILE", description = "JSON report; a Markdown one goes beside it"
        + " (default: tpch-compare-sf<SF>.json).")
    Path out;

    @Override
    public Integer call() throws Exception {
      List<Integer> selected = QuerySelection.parse(queries);
      Path dir = data != null ? data : TpchData.directory(Path.of("data"), sf);
      int cores = Runtime.getRuntime().availableProcessors();
      try (Connection duckdb = DuckDb.open(dir, cores)) {
        String duckdbSetup = "DuckDB " + DuckDb.version(duckdb) + " in-memory (JDBC), threads = " + cores;
        if (url != null) {
          return compare(selected, dir, url, "server at " + Connector.redact(url), duckdb, duckdbSetup);
        }
        int slots = Math.max(1, cores / 2);
        long memory = StandaloneCommand.defaultMemoryPerExecutor(2);
        Path work = Files.createTempDirectory("ballista-compare");
        try (StandaloneCluster cluster = StandaloneCluster.start(new StandaloneCluster.Options("127.0.0.1", 0, 2,
            slots, memory, work))) {
          cluster.registerParquetTables(dir);
          String oursSetup = "in-process standalone cluster (scheduler, gateway, 2 executors x " + slots
              + " task slots, " + (memory >> 20) + " MiB each) over JDBC " + cluster.jdbcUrl();
          return compare(selected, dir, cluster.jdbcUrl(), oursSetup, duckdb, duckdbSetup);
        } finally {
          deleteTree(work);
        }
      }
    }

    private int compare(List<Integer> selected, Path dir, String jdbcUrl, String oursSetup, Connection duckdb,
        String duckdbSetup) throws Exception {
      Properties properties = new Properties();
      if (user != null) {
        properties.setProperty("user", user);
      }
      if (password != null) {
        properties.setProperty("password", password);
      }
      Connection ours;
      try {
        ours = Connector.open(jdbcUrl, properties, CONNECT_TIMEOUT_SECONDS);
      } catch (SQLException e) {
        throw new IllegalStateException("cannot reach " + Connector.redact(jdbcUrl) + ": " + e.getMessage(), e);
      }
      try (ours) {
        ServerDataset.check(ours, sf);
        System.err.println("Ballista: " + oursSetup);
        System.err.println("DuckDB:   " + duckdbSetup);
        List<EngineComparison.Line> lines = new EngineComparison(ours, duckdb, selected, iterations, sf,
            System.err).run();
        ComparisonReport report = new ComparisonReport(lines, new ComparisonReport.Setup(sf, iterations, oursSetup,
            duckdbSetup, dir.toString()), MachineInfo.current());
        System.out.println();
        System.out.print(report.text());
        Path json = out != null ? out : Path.of("tpch-compare-sf" + ServerDataset.format(sf) + ".json");
        report.write(json);
        System.out.println("Report: " + json + " and " + Reports.markdownBeside(json));
        return report.problems() == 0 ? 0 : 1;
      }
    }
  }

  static HikariDataSource pool(String url, Properties properties, int size) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    config.setDataSourceProperties(properties);
    config.setMaximumPoolSize(size);
    config.setMinimumIdle(0);
    config.setPoolName("tpch");
    config.setConnectionTimeout(CONNECT_TIMEOUT_SECONDS * 1000L);
    return new HikariDataSource(config);
  }

  /** The compare run's shuffle files and spills; best effort, the temp directory is the OS's to clean too. */
  private static void deleteTree(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      System.err.println("warning: could not remove " + dir + ": " + e.getMessage());
    }
  }
}
