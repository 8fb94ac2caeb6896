package dev.ballista.cli;

import dev.ballista.auth.TokenSecret;
import dev.ballista.executor.Executor;
import dev.ballista.executor.ExecutorConfig;
import io.grpc.ManagedChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ballista executor}: one executor of a cluster. Every flag falls back to a BALLISTA_ environment variable. */
@Command(name = "executor", mixinStandardHelpOptions = true, description = "Run an executor of a cluster.")
final class ExecutorCommand implements Callable<Integer> {
  @Option(names = "--scheduler", defaultValue = "${env:BALLISTA_SCHEDULER:-127.0.0.1:50050}",
      description = "Scheduler host:port; with standby schedulers, all of them comma-separated (the "
          + "leader is the one that answers) (env BALLISTA_SCHEDULER, default: ${DEFAULT-VALUE}).")
  String scheduler;

  @Option(names = "--bind", defaultValue = "${env:BALLISTA_EXECUTOR_BIND:-127.0.0.1}",
      description = "Interface to listen on (env BALLISTA_EXECUTOR_BIND, default: ${DEFAULT-VALUE}).")
  String bind;

  @Option(names = "--advertise", defaultValue = "${env:BALLISTA_EXECUTOR_ADVERTISE:-}",
      description = "Host clients and other executors use to reach this one (env BALLISTA_EXECUTOR_ADVERTISE, "
          + "default: the bind address).")
  String advertise;

  @Option(names = "--port", defaultValue = "${env:BALLISTA_EXECUTOR_PORT:-50051}",
      description = "Port for Arrow Flight and control, 0 for any free port (env BALLISTA_EXECUTOR_PORT, "
          + "default: ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--slots", defaultValue = "${env:BALLISTA_EXECUTOR_SLOTS:-0}",
      description = "Task slots (env BALLISTA_EXECUTOR_SLOTS, default: number of cores).")
  int slots;

  @Option(names = "--memory", defaultValue = "${env:BALLISTA_EXECUTOR_MEMORY:-0}",
      description = "Memory limit in MiB for Arrow data (env BALLISTA_EXECUTOR_MEMORY, default: half the JVM's "
          + "max heap).")
  long memoryMiB;

  @Option(names = "--work-dir", defaultValue = "${env:BALLISTA_WORK_DIR:-./work}",
      description = "This executor's own directory for shuffle and result files; job data left there by an "
          + "earlier run is deleted at start (env BALLISTA_WORK_DIR, default: ${DEFAULT-VALUE}).")
  Path workDir;

  @Option(names = "--id", defaultValue = "${env:BALLISTA_EXECUTOR_ID:-}",
      description = "Executor id (env BALLISTA_EXECUTOR_ID, default: generated).")
  String id;

  @Option(names = "--job-data-ttl", defaultValue = "${env:BALLISTA_JOB_DATA_TTL:-1h}",
      converter = DurationConverter.class,
      description = "Delete job data untouched this long whose job the scheduler no longer knows; 0 turns it off "
          + "(env BALLISTA_JOB_DATA_TTL, default: 1h).")
  Duration jobDataTtl;

  @Option(names = "--shutdown-grace", defaultValue = "${env:BALLISTA_SHUTDOWN_GRACE:-30s}",
      converter = DurationConverter.class,
      description = "On SIGTERM, how long running tasks may take to finish before they are handed back to the "
          + "scheduler (env BALLISTA_SHUTDOWN_GRACE, default: 30s).")
  Duration shutdownGrace;

  @Option(names = "--heartbeat-interval", defaultValue = "${env:BALLISTA_HEARTBEAT_INTERVAL:-1s}",
      converter = DurationConverter.class,
      description = "How often to tell the scheduler this executor is alive (env BALLISTA_HEARTBEAT_INTERVAL, "
          + "default: 1s).")
  Duration heartbeatInterval;

  @Option(names = "--token-secret-file", defaultValue = "${env:BALLISTA_TOKEN_SECRET_FILE}",
      description = "File holding the secret the gateway signs bearer tokens with: Flight calls then need such a "
          + "token (env BALLISTA_TOKEN_SECRET_FILE, or " + TokenSecret.ENV_VARIABLE + " holding the secret itself; "
          + "without either, results and shuffle data are served to anyone who reaches the port).")
  Path tokenSecretFile;

  @Override
  public Integer call() throws Exception {
    Ports.requireFree(bind, port, "executor");
    if (heartbeatInterval.toMillis() <= 0) {
      throw new IllegalArgumentException("--heartbeat-interval must be positive");
    }
    String host = advertise.isEmpty() ? (bind.equals("0.0.0.0") ? "127.0.0.1" : bind) : advertise;
    ExecutorConfig defaults = ExecutorConfig.defaults(workDir);
    ExecutorConfig config = new ExecutorConfig(id, bind, host, port, slots > 0 ? slots : defaults.taskSlots(),
        memoryMiB > 0 ? memoryMiB << 20 : defaults.memoryLimitBytes(), workDir.toAbsolutePath(),
        heartbeatInterval.toMillis(), jobDataTtl, shutdownGrace,
        TokenSecret.fromFileOrEnvironment(tokenSecretFile, System.getenv()).orElse(null));
    Exposure.warnIfOpen(bind, config.tokenSecret() == null, "executor" + (id.isEmpty() ? "" : " " + id),
        "Pass --token-secret-file (the gateway's) to require the gateway's bearer tokens.");
    System.err.println("ballista executor: " + config);
    ManagedChannel channel = SchedulerAddress.channel(scheduler);
    ShutdownSignal signal = ShutdownSignal.install(shutdownGrace.plusSeconds(30));
    try (Executor executor = Executor.start(config, channel)) {
      System.out.println("Executor " + executor.id() + " serving on " + host + ":" + executor.port());
      signal.await();
      System.err.println("stopping: draining executor " + executor.id());
    } finally {
      channel.shutdownNow();
      signal.closed();
    }
    return 0;
  }
}
