package dev.ballista.cli;

import dev.ballista.scheduler.Scheduler;
import dev.ballista.scheduler.SchedulerConfig;
import dev.ballista.scheduler.state.EtcdStateStore;
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

  @Option(names = "--state", defaultValue = "${env:BALLISTA_STATE:-memory}",
      description = "Where job, executor and catalog state lives: memory (one scheduler) or etcd (a leader and "
          + "standbys sharing it) (default: ${DEFAULT-VALUE}).")
  String state;

  @Option(names = "--etcd-endpoints", defaultValue = "${env:BALLISTA_ETCD_ENDPOINTS:-http://127.0.0.1:2379}",
      description = "etcd URLs, comma-separated, for --state etcd (default: ${DEFAULT-VALUE}).")
  String etcdEndpoints;

  @Option(names = "--etcd-prefix", defaultValue = "${env:BALLISTA_ETCD_PREFIX:-/ballista/}",
      description = "Key prefix in etcd; one per cluster (default: ${DEFAULT-VALUE}).")
  String etcdPrefix;

  @Option(names = "--advertise", defaultValue = "${env:BALLISTA_SCHEDULER_ADVERTISE:-}",
      description = "host:port others reach this scheduler at, published in etcd while it leads "
          + "(default: bind:port).")
  String advertise;

  @Option(names = "--lease-ttl", defaultValue = "${env:BALLISTA_LEASE_TTL:-5}",
      description = "Seconds a dead leader keeps its etcd lease before a standby takes over (default: ${DEFAULT-VALUE}).")
  long leaseTtl;

  @Override
  public Integer call() throws Exception {
    Ports.requireFree(bind, port, "scheduler");
    Ports.requireFree(bind, httpPort, "scheduler HTTP", "--http-port");
    SchedulerConfig config = new SchedulerConfig(bind, port, executorTimeout, 4, 16 * 1024, httpPort);
    System.err.println("ballista scheduler: " + config + ", state=" + state
        + (state.equals("etcd") ? " at " + etcdEndpoints + etcdPrefix : ""));
    ShutdownSignal signal = ShutdownSignal.install(Duration.ofSeconds(15));
    try {
      switch (state) {
        case "memory" -> {
          try (Scheduler scheduler = Scheduler.start(config)) {
            serve(scheduler, signal);
          }
        }
        case "etcd" -> {
          EtcdStateStore store = EtcdStateStore.connect(etcdEndpoints, etcdPrefix);
          String address = advertise.isEmpty() ? bind + ":" + port : advertise;
          System.out.println("Scheduler " + address + ": waiting to lead (a standby waits while another leads)");
          try (Scheduler scheduler = Scheduler.startAsLeader(config, store, address, leaseTtl)) {
            scheduler.leadershipLost().thenRun(signal::request);
            serve(scheduler, signal);
            if (scheduler.leadershipLost().isDone()) {
              System.err.println("ballista scheduler: lost leadership in etcd; exiting (restart it to stand by)");
              return 3;
            }
          }
        }
        default -> throw new IllegalArgumentException("--state must be memory or etcd, got " + state);
      }
    } finally {
      signal.closed();
    }
    return 0;
  }

  private void serve(Scheduler scheduler, ShutdownSignal signal) throws Exception {
    if (tables != null) {
      System.out.println("Tables: " + String.join(", ", ParquetTables.register(scheduler::registerTable, tables)));
    }
    System.out.println("Scheduler listening on " + bind + ":" + scheduler.port());
    if (scheduler.webUrl() != null) {
      System.out.println("Web UI: " + scheduler.webUrl() + "  (REST API under " + scheduler.webUrl() + "api/)");
    }
    signal.await();
  }
}
