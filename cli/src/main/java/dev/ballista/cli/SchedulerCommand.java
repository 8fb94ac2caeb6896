package dev.ballista.cli;

import dev.ballista.scheduler.Scheduler;
import dev.ballista.scheduler.SchedulerConfig;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ballista scheduler}: the scheduler of a cluster. */
@Command(name = "scheduler", mixinStandardHelpOptions = true, description = "Run the scheduler of a cluster.")
final class SchedulerCommand implements Callable<Integer> {
  @Option(names = "--bind", defaultValue = "${env:BALLISTA_SCHEDULER_BIND:-127.0.0.1}",
      description = "Interface to listen on (default: ${DEFAULT-VALUE}).")
  String bind;

  @Option(names = "--port", defaultValue = "${env:BALLISTA_SCHEDULER_PORT:-50050}",
      description = "gRPC port for executors and gateways (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--executor-timeout", defaultValue = "10000",
      description = "Milliseconds without a heartbeat before an executor is declared lost (default: ${DEFAULT-VALUE}).")
  long executorTimeout;

  @Option(names = "--tables", description = "Register each subdirectory of DIR holding Parquet files as a table "
      + "(e.g. the output of 'ballista tpch gen').")
  java.nio.file.Path tables;

  @Override
  public Integer call() throws Exception {
    Ports.requireFree(bind, port, "scheduler");
    SchedulerConfig config = new SchedulerConfig(bind, port, executorTimeout, 4, 16 * 1024);
    System.err.println("ballista scheduler: " + config);
    try (Scheduler scheduler = Scheduler.start(config)) {
      if (tables != null) {
        System.out.println("Tables: " + String.join(", ", ParquetTables.register(scheduler.catalog(), tables)));
      }
      System.out.println("Scheduler listening on " + bind + ":" + scheduler.port());
      awaitShutdown();
    }
    return 0;
  }

  static void awaitShutdown() throws InterruptedException {
    CountDownLatch stop = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
    stop.await();
  }
}
