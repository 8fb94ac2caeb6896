package dev.ballista.cli;

import dev.ballista.auth.TokenSecret;
import dev.ballista.engine.catalog.Catalog;
import dev.ballista.engine.exec.shuffle.MemoryShuffle;
import dev.ballista.executor.Executor;
import dev.ballista.executor.ExecutorConfig;
import dev.ballista.gateway.FlightSqlGateway;
import dev.ballista.gateway.GatewayConfig;
import dev.ballista.scheduler.Scheduler;
import dev.ballista.scheduler.SchedulerConfig;
import io.grpc.ManagedChannel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Scheduler, executors and Flight SQL gateway in one JVM, wired as a cluster would be: executors and the gateway
 * reach the scheduler over (in-process) gRPC, clients reach the executors' Flight ports for results.
 *
 * <p>With users, the gateway checks passwords and the executors check the gateway's bearer tokens, signed with a
 * secret made for this run. With TLS, results stream through the gateway (executors serve plaintext Flight).
 */
public final class StandaloneCluster implements AutoCloseable {
  /**
   * What to start; port 0 means any free port. Each executor works in its own subdirectory of {@code workDir}. The
   * scheduler's web UI listens on {@code host:httpPort}, none when it is negative.
   *
   * @param users user name to password ({@code sha256:<hex>} for a hashed one); empty turns auth off
   * @param tlsCert PEM certificate chain of the gateway, with {@code tlsKey}; null for plaintext
   */
  public record Options(String host, int gatewayPort, int executors, int slotsPerExecutor, long memoryPerExecutor,
      Path workDir, int httpPort, Map<String, String> users, Path tlsCert, Path tlsKey) {
    public Options {
      users = Map.copyOf(users);
    }

    /** No web UI, no auth, no TLS. */
    public Options(String host, int gatewayPort, int executors, int slotsPerExecutor, long memoryPerExecutor,
        Path workDir) {
      this(host, gatewayPort, executors, slotsPerExecutor, memoryPerExecutor, workDir, -1);
    }

    /** No auth, no TLS. */
    public Options(String host, int gatewayPort, int executors, int slotsPerExecutor, long memoryPerExecutor,
        Path workDir, int httpPort) {
      this(host, gatewayPort, executors, slotsPerExecutor, memoryPerExecutor, workDir, httpPort, Map.of(), null, null);
    }

    public Options withUsers(Map<String, String> newUsers) {
      return new Options(host, gatewayPort, executors, slotsPerExecutor, memoryPerExecutor, workDir, httpPort,
          newUsers, tlsCert, tlsKey);
    }

    public Options withTls(Path cert, Path key) {
      return new Options(host, gatewayPort, executors, slotsPerExecutor, memoryPerExecutor, workDir, httpPort, users,
          cert, key);
    }

    /** Passwords stay out of the startup line. */
    @Override
    public String toString() {
      return "Options[host=" + host + ", gatewayPort=" + gatewayPort + ", executors=" + executors
          + ", slotsPerExecutor=" + slotsPerExecutor + ", memoryPerExecutor=" + memoryPerExecutor
          + ", workDir=" + workDir + ", httpPort=" + httpPort
          + ", auth=" + (users.isEmpty() ? "off" : "users " + new TreeSet<>(users.keySet()))
          + ", tls=" + (tlsCert == null ? "off" : tlsCert) + "]";
    }
  }

  private final Scheduler scheduler;
  private final ManagedChannel channel;
  /** Shuffle output held in memory, shared by the executors so each reads what the others hold directly. */
  private final MemoryShuffle memoryShuffle;
  private final List<Executor> executors = new ArrayList<>();
  private final FlightSqlGateway gateway;
  private final Options options;

  private StandaloneCluster(Options options) throws IOException {
    this.options = options;
    this.scheduler = Scheduler.start(SchedulerConfig.defaults().withPort(-1).withBind(options.host())
        .withHttpPort(options.httpPort()));
    this.channel = scheduler.inProcessChannel();
    this.memoryShuffle = new MemoryShuffle(
        Executor.heldDataBudget(options.memoryPerExecutor() * options.executors()));
    FlightSqlGateway started = null;
    // One JVM, so the secret never needs to leave memory: a fresh one per run.
    TokenSecret secret = options.users().isEmpty() ? null : TokenSecret.random();
    try {
      for (int i = 0; i < options.executors(); i++) {
        String id = "executor-" + (i + 1);
        ExecutorConfig config = new ExecutorConfig(id, options.host(), options.host(), 0,
            options.slotsPerExecutor(), options.memoryPerExecutor(), options.workDir().resolve(id), 1000)
            .withShutdownGrace(java.time.Duration.ofSeconds(10))
            .withTokenSecret(secret);
        executors.add(Executor.start(config, channel, memoryShuffle));
      }
      GatewayConfig config = GatewayConfig.forScheduler(channel)
          .withBind(options.host(), options.gatewayPort())
          .withUsers(options.users());
      if (secret != null) {
        config = config.withTokenSecret(secret);
      }
      if (options.tlsCert() != null) {
        config = config.withTls(options.tlsCert(), options.tlsKey());
      }
      started = new FlightSqlGateway(config).start();
    } catch (IOException | RuntimeException e) {
      closeParts();
      throw e;
    }
    this.gateway = started;
  }

  public static StandaloneCluster start(Options options) throws IOException {
    return new StandaloneCluster(options);
  }

  public Catalog catalog() {
    return scheduler.catalog();
  }

  public int gatewayPort() {
    return gateway.port();
  }

  /** The URL of our driver, without credentials. */
  public String jdbcUrl() {
    return "jdbc:ballista://" + options.host() + ":" + gateway.port()
        + (options.tlsCert() == null ? "" : "?useEncryption=true");
  }

  /** The URL Flight SQL clients such as ADBC and pyarrow use. */
  public String flightSqlUri() {
    return (options.tlsCert() == null ? "grpc://" : "grpc+tls://") + options.host() + ":" + gateway.port();
  }

  /** The executors' shared shuffle memory. */
  MemoryShuffle memoryShuffle() {
    return memoryShuffle;
  }

  public FlightSqlGateway gateway() {
    return gateway;
  }

  public Scheduler scheduler() {
    return scheduler;
  }

  /** The scheduler's web UI, or null when it is off. */
  public String webUrl() {
    return scheduler.webUrl();
  }

  /** The scheduler's HTTP port (web UI and REST API), -1 when off. */
  public int httpPort() {
    return scheduler.httpPort();
  }

  public List<Executor> executors() {
    return executors;
  }

  /** Registers every subdirectory of {@code dataDir} that holds Parquet files as a table of that name. */
  public List<String> registerParquetTables(Path dataDir) throws IOException {
    return ParquetTables.register(catalog(), dataDir);
  }

  /** Stops what started before a failure (the first error is the one to report). */
  private void closeParts() {
    for (Executor e : executors) {
      try {
        e.close();
      } catch (Exception ignored) {
        // keep closing the rest
      }
    }
    channel.shutdownNow();
    memoryShuffle.close();
    try {
      scheduler.close();
    } catch (Exception ignored) {
      // already failing
    }
  }

  @Override
  public void close() throws Exception {
    if (gateway != null) {
      gateway.close();
    }
    for (Executor e : executors) {
      e.close();
    }
    channel.shutdownNow();
    memoryShuffle.close();
    scheduler.close();
  }
}
