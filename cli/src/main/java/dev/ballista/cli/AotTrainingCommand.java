package dev.ballista.cli;

import com.zaxxer.hikari.HikariDataSource;
import dev.ballista.tpch.run.RunOptions;
import dev.ballista.tpch.run.RunResult;
import dev.ballista.tpch.run.TpchRunner;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ballista aot-training}: the workload the launcher records JDK 25's ahead-of-time cache from (JEP 483, 514,
 * 515). A standalone cluster in this JVM runs the 22 TPC-H queries over JDBC on small generated data, so the classes
 * a server loads and the profiles of its hot methods are in the cache, and a fresh server starts with them instead of
 * loading, linking and profiling them again on its first queries.
 */
@Command(name = "aot-training", hidden = true, mixinStandardHelpOptions = true,
    description = "Run a TPC-H training workload on an in-process cluster (the launcher records its AOT cache).")
final class AotTrainingCommand implements Callable<Integer> {
  @Option(names = "--data", required = true, paramLabel = "DIR",
      description = "Scratch directory for the generated data and the executors' work.")
  Path data;

  @Option(names = "--sf", defaultValue = "0.1", description = "Scale factor (default: ${DEFAULT-VALUE}).")
  double sf;

  @Option(names = "--iterations", defaultValue = "3", description = "Runs of the 22 queries (default: "
      + "${DEFAULT-VALUE}).")
  int iterations;

  @Override
  public Integer call() throws Exception {
    Path tpch = TpchData.directory(data, sf);
    TpchData.generate(tpch, sf, 0, false);
    int executors = 2;
    int slots = Math.max(1, Runtime.getRuntime().availableProcessors() / executors);
    StandaloneCluster.Options options = new StandaloneCluster.Options("127.0.0.1", 0, executors, slots,
        StandaloneCommand.defaultMemoryPerExecutor(executors), data.resolve("work").toAbsolutePath());
    try (StandaloneCluster cluster = StandaloneCluster.start(options)) {
      cluster.registerParquetTables(tpch);
      List<Integer> queries = IntStream.rangeClosed(1, 22).boxed().toList();
      RunOptions run = new RunOptions(sf, queries, iterations, false, 0, null);
      try (HikariDataSource pool = TpchCommand.pool(cluster.jdbcUrl(), new Properties(), 1)) {
        RunResult result = new TpchRunner(pool, run, new PrintStream(OutputStream.nullOutputStream())).run();
        if (!result.problems().isEmpty()) {
          // A cache recorded from failing queries would still load, but the launcher should say something is off.
          var first = result.problems().get(0);
          System.err.println("aot-training: " + result.problems().size() + " query runs failed, first Q"
              + first.query() + ": " + first.error());
          return 1;
        }
      }
    }
    System.err.println("aot-training: " + iterations + " x 22 TPC-H queries at scale factor " + sf + " done");
    return 0;
  }
}
