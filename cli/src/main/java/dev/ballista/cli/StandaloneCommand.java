package dev.ballista.cli;

import dev.ballista.gateway.GatewayConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ballista standalone}: scheduler, executors and gateway in one JVM, with TPC-H data ready. */
@Command(name = "standalone", mixinStandardHelpOptions = true,
    description = "Run scheduler, executors and the Flight SQL gateway in one process.")
final class StandaloneCommand implements Callable<Integer> {
  @Option(names = "--port", defaultValue = "${env:BALLISTA_GATEWAY_PORT:-32010}",
      description = "Flight SQL port (env BALLISTA_GATEWAY_PORT, default: ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--bind", defaultValue = "${env:BALLISTA_GATEWAY_BIND:-127.0.0.1}",
      description = "Interface to listen on; clients must reach it (env BALLISTA_GATEWAY_BIND, default: "
          + "${DEFAULT-VALUE}).")
  String bind;

  @Option(names = "--http-port", defaultValue = "${env:BALLISTA_HTTP_PORT:-32011}",
      description = "Port of the scheduler's web UI and REST API on the same interface, 0 for any free port, -1 for "
          + "none (env BALLISTA_HTTP_PORT, default: ${DEFAULT-VALUE}).")
  int httpPort;

  @Option(names = "--executors", defaultValue = "${env:BALLISTA_EXECUTORS:-2}",
      description = "Executors to start (env BALLISTA_EXECUTORS, default: ${DEFAULT-VALUE}).")
  int executors;

  @Option(names = "--slots", defaultValue = "${env:BALLISTA_EXECUTOR_SLOTS:-0}",
      description = "Task slots per executor (env BALLISTA_EXECUTOR_SLOTS, default: cores divided among the "
          + "executors).")
  int slots;

  @Option(names = "--memory", defaultValue = "${env:BALLISTA_EXECUTOR_MEMORY:-0}",
      description = "Memory limit in MiB per executor for Arrow data (env BALLISTA_EXECUTOR_MEMORY, default: a share "
          + "of the JVM's memory).")
  long memoryMiB;

  @Option(names = "--data", defaultValue = "${env:BALLISTA_DATA:-./data}",
      description = "Data directory: TPC-H data and the executors' work directories (env BALLISTA_DATA, default: "
          + "${DEFAULT-VALUE}).")
  Path data;

  @Option(names = "--tpch", defaultValue = "${env:BALLISTA_TPCH:-1}",
      description = "TPC-H scale factor to generate (once) and register; 0 for none (env BALLISTA_TPCH, default: "
          + "${DEFAULT-VALUE}).")
  double tpchScale;

  @Option(names = "--users-file", description = "Lines of user:password (or user:sha256:<hex>); turns on "
      + "authentication: clients log in with a user and password, executors check the gateway's tokens.")
  Path usersFile;

  @Option(names = "--tls-cert", description = "PEM certificate chain: serve Flight SQL over TLS (with --tls-key). "
      + "Results then stream through the gateway; clients connect with useEncryption=true.")
  Path tlsCert;

  @Option(names = "--tls-key", description = "PEM PKCS#8 private key of --tls-cert.")
  Path tlsKey;

  @Override
  public Integer call() throws Exception {
    if ((tlsCert == null) != (tlsKey == null)) {
      throw new IllegalArgumentException("--tls-cert and --tls-key go together");
    }
    if (executors < 1) {
      throw new IllegalArgumentException("--executors must be at least 1");
    }
    Ports.requireFree(bind, port, "Flight SQL");
    Ports.requireFree(bind, httpPort, "web UI", "--http-port");
    Map<String, String> users = usersFile == null ? Map.of() : GatewayConfig.readUsersFile(usersFile);
    Exposure.warnIfOpen(bind, users.isEmpty(), "the Flight SQL gateway (and the executors)",
        "Pass --users-file, and --tls-cert/--tls-key on an untrusted network.");
    Files.createDirectories(data);
    if (!Files.isWritable(data)) {
      throw new IllegalStateException("data directory " + data + " is not writable");
    }
    int cores = Runtime.getRuntime().availableProcessors();
    int slotsEach = slots > 0 ? slots : Math.max(1, cores / executors);
    long memory = memoryMiB > 0 ? memoryMiB << 20 : defaultMemoryPerExecutor(executors);
    Path tpchDir = null;
    if (tpchScale > 0) {
      tpchDir = TpchData.directory(data, tpchScale);
      TpchData.generate(tpchDir, tpchScale, 0, false);
    }
    StandaloneCluster.Options options = new StandaloneCluster.Options(bind, port, executors, slotsEach, memory,
        data.resolve("work").toAbsolutePath(), httpPort).withUsers(users);
    if (tlsCert != null) {
      options = options.withTls(tlsCert, tlsKey);
    }
    System.err.println("ballista standalone: " + options);
    ShutdownSignal signal = ShutdownSignal.install(Duration.ofSeconds(45));
    try (StandaloneCluster cluster = StandaloneCluster.start(options)) {
      List<String> tables = tpchDir == null ? List.of() : cluster.registerParquetTables(tpchDir);
      System.out.println();
      System.out.println("Ballista is running: " + executors + " executors x " + slotsEach + " task slots.");
      if (!tables.isEmpty()) {
        System.out.println("Tables: " + String.join(", ", tables) + " (TPC-H scale factor " + tpchScale + ")");
      }
      System.out.println();
      String credentials = users.isEmpty() ? "" : " --user " + users.keySet().iterator().next() + " --password ...";
      System.out.println("  JDBC URL:  " + cluster.jdbcUrl());
      System.out.println("  Try:       ./ballista sql --url " + cluster.jdbcUrl() + credentials
          + " -e \"select count(*) from lineitem\"");
      System.out.println("  Flight SQL clients (ADBC, pyarrow): " + cluster.flightSqlUri());
      if (cluster.webUrl() != null) {
        System.out.println("  Web UI:    " + cluster.webUrl() + "  (REST API under " + cluster.webUrl() + "api/)");
      }
      if (!users.isEmpty()) {
        System.out.println("  Authentication is on: users " + String.join(", ", new TreeSet<>(users.keySet())));
      }
      System.out.println();
      System.out.println("Press Ctrl-C to stop.");
      signal.await();
      System.err.println("stopping...");
    } finally {
      signal.closed();
    }
    return 0;
  }

  /** Half the JVM's heap limit shared among the executors, at least 256 MiB each. */
  static long defaultMemoryPerExecutor(int executors) {
    return Math.max(256L << 20, Runtime.getRuntime().maxMemory() / 2 / executors);
  }
}
