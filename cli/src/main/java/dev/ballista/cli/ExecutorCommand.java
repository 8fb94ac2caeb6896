package dev.ballista.cli;

import dev.ballista.executor.Executor;
import dev.ballista.executor.ExecutorConfig;
import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ballista executor}: one executor of a cluster. */
@Command(name = "executor", mixinStandardHelpOptions = true, description = "Run an executor of a cluster.")
final class ExecutorCommand implements Callable<Integer> {
  @Option(names = "--scheduler", defaultValue = "${env:BALLISTA_SCHEDULER:-127.0.0.1:50050}",
      description = "Scheduler host:port (default: ${DEFAULT-VALUE}).")
  String scheduler;

  @Option(names = "--bind", defaultValue = "${env:BALLISTA_EXECUTOR_BIND:-127.0.0.1}",
      description = "Interface to listen on (default: ${DEFAULT-VALUE}).")
  String bind;

  @Option(names = "--advertise", defaultValue = "${env:BALLISTA_EXECUTOR_ADVERTISE:-}",
      description = "Host clients and other executors use to reach this one (default: the bind address).")
  String advertise;

  @Option(names = "--port", defaultValue = "${env:BALLISTA_EXECUTOR_PORT:-50051}",
      description = "Port for Arrow Flight and control (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--slots", defaultValue = "0", description = "Task slots (default: number of cores).")
  int slots;

  @Option(names = "--memory", defaultValue = "0",
      description = "Memory limit in MiB for Arrow data (default: half the JVM's max heap).")
  long memoryMiB;

  @Option(names = "--work-dir", defaultValue = "${env:BALLISTA_WORK_DIR:-./work}",
      description = "Directory for shuffle and result files (default: ${DEFAULT-VALUE}).")
  Path workDir;

  @Option(names = "--id", defaultValue = "", description = "Executor id (default: generated).")
  String id;

  @Override
  public Integer call() throws Exception {
    Ports.requireFree(bind, port, "executor");
    Files.createDirectories(workDir);
    if (!Files.isWritable(workDir)) {
      throw new IllegalStateException("work directory " + workDir + " is not writable");
    }
    String host = advertise.isEmpty() ? (bind.equals("0.0.0.0") ? "127.0.0.1" : bind) : advertise;
    ExecutorConfig defaults = ExecutorConfig.defaults(workDir);
    ExecutorConfig config = new ExecutorConfig(id, bind, host, port, slots > 0 ? slots : defaults.taskSlots(),
        memoryMiB > 0 ? memoryMiB << 20 : defaults.memoryLimitBytes(), workDir.toAbsolutePath(), 1000);
    System.err.println("ballista executor: " + config);
    String[] hostPort = scheduler.split(":");
    ManagedChannel channel = NettyChannelBuilder.forAddress(hostPort[0], Integer.parseInt(hostPort[1]))
        .usePlaintext().build();
    try (Executor executor = Executor.start(config, channel)) {
      System.out.println("Executor " + executor.id() + " serving on " + host + ":" + executor.port());
      SchedulerCommand.awaitShutdown();
    } finally {
      channel.shutdownNow();
    }
    return 0;
  }
}
