package dev.ballista.tpch.run;

import dev.ballista.tpch.ExpectedResult;
import dev.ballista.tpch.TpchAnswers;
import dev.ballista.tpch.TpchParameters;
import dev.ballista.tpch.TpchQueries;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import javax.sql.DataSource;

/**
 * Runs TPC-H over JDBC as the specification's performance test does: a power run (the queries one after another,
 * repeated {@code iterations} times), then optionally a throughput run of S concurrent query streams, each with its
 * own parameter seed and its own permutation of the queries. A failed query is recorded and the run goes on.
 */
public final class TpchRunner {
  private final DataSource source;
  private final RunOptions options;
  private final PrintStream progress;
  private IntFunction<Optional<ExpectedResult>> answers;

  public TpchRunner(DataSource source, RunOptions options, PrintStream progress) {
    this.source = source;
    this.options = options;
    this.progress = progress;
    if (options.validate() && options.seed() != null) {
      throw new IllegalArgumentException("--validate compares with the reference answers, which exist only for the "
          + "default parameters: drop --seed or --validate");
    }
    if (options.validate() && !TpchAnswers.available(options.sf())) {
      throw new IllegalArgumentException("reference answers exist only at scale factors 1 and 0.01 (default "
          + "parameters), not " + ServerDataset.format(options.sf()) + ": drop --validate");
    }
    this.answers = query -> TpchAnswers.forScale(options.sf(), query);
  }

  /** Validates against these answers instead of the reference ones (a test shows a wrong answer is caught). */
  public TpchRunner withAnswers(IntFunction<Optional<ExpectedResult>> answers) {
    this.answers = answers;
    return this;
  }

  /**
   * Checks the server's data set, then runs. The server must hold the TPC-H tables at the options' scale factor.
   */
  public RunResult run() throws Exception {
    try (Connection connection = source.getConnection()) {
      ServerDataset.check(connection, options.sf());
    }
    List<QueryOutcome> power = new ArrayList<>();
    long powerStart = System.nanoTime();
    for (int iteration = 1; iteration <= options.iterations(); iteration++) {
      for (int query : options.queries()) {
        power.add(execute(query, 0, iteration, parameters(query, options.seed())));
      }
    }
    double powerMillis = (System.nanoTime() - powerStart) / 1e6;
    List<StreamResult> streams = new ArrayList<>();
    double throughputMillis = 0;
    if (options.streams() > 0) {
      long start = System.nanoTime();
      streams = throughput();
      throughputMillis = (System.nanoTime() - start) / 1e6;
    }
    return new RunResult(options, power, powerMillis, streams, throughputMillis);
  }

  private List<StreamResult> throughput() throws Exception {
    progress.printf(Locale.ROOT, "throughput run: %d streams%n", options.streams());
    ExecutorService pool = Executors.newFixedThreadPool(options.streams(), r -> {
      Thread t = new Thread(r, "tpch-stream");
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<StreamResult>> futures = new ArrayList<>();
      for (int s = 1; s <= options.streams(); s++) {
        int stream = s;
        futures.add(pool.submit(() -> stream(stream)));
      }
      List<StreamResult> results = new ArrayList<>();
      for (Future<StreamResult> f : futures) {
        results.add(f.get());
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }

  private StreamResult stream(int stream) {
    long seed = options.streamSeed(stream);
    List<Integer> order = streamOrder(options.queries(), seed);
    long start = System.nanoTime();
    List<QueryOutcome> outcomes = new ArrayList<>();
    for (int query : order) {
      outcomes.add(execute(query, stream, 1, parameters(query, seed)));
    }
    return new StreamResult(stream, seed, order, (System.nanoTime() - start) / 1e6, outcomes);
  }

  /** The queries in the order of the stream with {@code seed}: a permutation fixed by the seed, as qgen's are. */
  static List<Integer> streamOrder(List<Integer> queries, long seed) {
    List<Integer> order = new ArrayList<>(queries);
    Collections.shuffle(order, new Random(seed));
    return order;
  }

  private Map<String, String> parameters(int query, Long seed) {
    return seed == null ? TpchParameters.defaults(query, options.sf()) : TpchParameters.draw(query, seed, options.sf());
  }

  private QueryOutcome execute(int query, int stream, int iteration, Map<String, String> parameters) {
    String sql = TpchQueries.query(query, parameters).sql();
    boolean defaults = parameters.equals(TpchParameters.defaults(query));
    boolean check = options.validate() && defaults;
    QueryOutcome outcome;
    try (Connection connection = source.getConnection()) {
      QueryExecution.Result result = QueryExecution.run(connection, sql, check);
      String validation = "not requested";
      List<String> mismatches = List.of();
      if (check) {
        ExpectedResult expected = answers.apply(query).orElseThrow();
        mismatches = expected.mismatches(result.rows());
        validation = mismatches.isEmpty() ? "match" : "mismatch";
      } else if (options.validate()) {
        validation = "not checked: drawn parameters";
      }
      outcome = new QueryOutcome(query, stream, iteration, parameters, result.millis(), result.rowCount(), null,
          validation, mismatches);
    } catch (SQLException | RuntimeException e) {
      outcome = new QueryOutcome(query, stream, iteration, parameters, Double.NaN, 0, QueryExecution.message(e),
          "not checked: failed", List.of());
    }
    report(outcome);
    return outcome;
  }

  private void report(QueryOutcome o) {
    String where = o.stream() == 0
        ? String.format(Locale.ROOT, "power %d/%d", o.iteration(), options.iterations())
        : "stream " + o.stream();
    String status = o.failed() ? "FAILED: " + o.error()
        : o.mismatched() ? "MISMATCH: " + String.join("; ", o.mismatches())
        : String.format(Locale.ROOT, "%.1f ms, %d rows%s", o.millis(), o.rows(),
            "match".equals(o.validation()) ? ", matches the answer" : "");
    synchronized (progress) {
      progress.printf(Locale.ROOT, "%-12s Q%02d  %s%n", where, o.query(), status);
    }
  }
}
