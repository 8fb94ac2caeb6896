package dev.ballista.cli;

import dev.ballista.scheduler.Scheduler;
import dev.ballista.scheduler.SchedulerConfig;
import java.util.concurrent.Callable;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ballista scheduler}: the scheduler of a cluster. Every flag falls back to a BALLISTA_ environment variable. */
@Command(name = "scheduler", mixinStandardHelpOptions = true, description = "Run the scheduler of a cluster.")
final class SchedulerCommand implements Callable<Integer> {
  @Option(names = "--bind", defaultValue = "${env:BALLISTA_SCHEDULER_BIND:-127.0.0.1}",
      description = "Interface to listen on (env BALLISTA_SCHEDULER_BIND, default: ${DEFAULT-VALUE}).")
  String bind;

  @Option(names = "--port", defaultValue = "${env:BALLISTA_SCHEDULER_PORT:-50050}",
      description = "gRPC port for executors and gateways, 0 for any free port (env BALLISTA_SCHEDULER_PORT, "
          + "default: ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--http-port", defaultValue = "${env:BALLISTA_SCHEDULER_HTTP_PORT:-8080}",
      description = "Port of the web UI and REST API on the same interface, 0 for any free port, -1 for none (env "
          + "BALLISTA_SCHEDULER_HTTP_PORT, default: ${DEFAULT-VALUE}).")
  int httpPort;

  @Option(names = "--executor-timeout", defaultValue = "${env:BALLISTA_EXECUTOR_TIMEOUT:-10000}",
      description = "Milliseconds without a heartbeat before an executor is declared lost (env "
          + "BALLISTA_EXECUTOR_TIMEOUT, default: ${DEFAULT-VALUE}).")
  long executorTimeout;

  @Option(names = "--tables", defaultValue = "${env:BALLISTA_TABLES}",
      description = "Register each subdirectory of DIR holding Parquet files as a table (e.g. the output of "
          + "'ballista tpch gen'; env BALLISTA_TABLES).")
  java.nio.file.Path tables;

  @Override
  public Integer call() throws Exception {
    Ports.requireFree(bind, port, "scheduler");
    Ports.requireFree(bind, httpPort, "scheduler HTTP", "--http-port");
    SchedulerConfig config = new SchedulerConfig(bind, port, executorTimeout, 4, 16 * 1024, httpPort);
    System.err.println("ballista scheduler: " + config);
    ShutdownSignal signal = ShutdownSignal.install(Duration.ofSeconds(15));
    try (Scheduler scheduler = Scheduler.start(config)) {
      if (tables != null) {
        System.out.println("Tables: " + String.join(", ", ParquetTables.register(scheduler.catalog(), tables)));
      }
      System.out.println("Scheduler listening on " + bind + ":" + scheduler.port());
      if (scheduler.webUrl() != null) {
        System.out.println("Web UI: " + scheduler.webUrl() + "  (REST API under " + scheduler.webUrl() + "api/)");
      }
      signal.await();
    } finally {
      signal.closed();
    }
    return 0;
  }
}
