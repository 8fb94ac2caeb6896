package dev.ballista.it;

import dev.ballista.proto.ExecutorMetadata;
import dev.ballista.proto.ExecutorState;
import dev.ballista.proto.GetJobStatusRequest;
import dev.ballista.proto.JobStatus;
import dev.ballista.proto.ListExecutorsRequest;
import dev.ballista.proto.ListExecutorsResponse;
import dev.ballista.proto.SchedulerServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A cluster of separate processes on loopback: one scheduler, executors (each with its own work directory) and a
 * Flight SQL gateway, all on free ports. The test talks to the gateway with JDBC and watches the scheduler with its
 * gRPC API. {@link #close()} kills every process it started.
 */
final class ProcessCluster implements AutoCloseable {
  static final Duration START_TIMEOUT = Duration.ofSeconds(90);
  static final long EXECUTOR_TIMEOUT_MILLIS = 4000;

  private final Path root;
  private final Path logs;
  private final List<ClusterProcess> processes = new ArrayList<>();
  private final Map<String, ClusterProcess> executors = new LinkedHashMap<>();
  private final Map<String, Path> workDirs = new LinkedHashMap<>();
  private ClusterProcess scheduler;
  private ClusterProcess gateway;
  private int schedulerPort;
  private int gatewayPort;
  private ManagedChannel channel;
  private SchedulerServiceGrpc.SchedulerServiceBlockingStub client;

  ProcessCluster(Path root) {
    this.root = root;
    this.logs = root.resolve("logs");
  }

  /** Starts the scheduler over {@code tables} and waits until it listens. */
  void startScheduler(Path tables) throws IOException, InterruptedException {
    scheduler = track(ClusterProcess.start("scheduler", logs, List.of("scheduler", "--port", "0", "--http-port", "0", "--tables",
        tables.toString(), "--executor-timeout", Long.toString(EXECUTOR_TIMEOUT_MILLIS)), Map.of()));
    schedulerPort = Integer.parseInt(scheduler.awaitLine("Scheduler listening on [^:]+:(\\d+)", START_TIMEOUT));
    channel = NettyChannelBuilder.forAddress("127.0.0.1", schedulerPort).usePlaintext()
        .maxInboundMessageSize(Integer.MAX_VALUE).build();
    client = SchedulerServiceGrpc.newBlockingStub(channel);
  }

  String schedulerAddress() {
    return "127.0.0.1:" + schedulerPort;
  }

  /** Starts an executor configured by flags; it is registered once it prints its address. */
  ClusterProcess startExecutor(String id, Path workDir, String... extraFlags) throws IOException {
    List<String> args = new ArrayList<>(List.of("executor", "--id", id, "--scheduler", schedulerAddress(),
        "--port", "0", "--slots", "2", "--memory", "384", "--work-dir", workDir.toString(),
        "--heartbeat-interval", "500ms"));
    args.addAll(List.of(extraFlags));
    return startExecutor(id, workDir, args, Map.of());
  }

  /** Starts an executor configured by BALLISTA_ environment variables alone. */
  ClusterProcess startExecutorFromEnvironment(String id, Path workDir, Map<String, String> env) throws IOException {
    return startExecutor(id, workDir, List.of("executor"), env);
  }

  private ClusterProcess startExecutor(String id, Path workDir, List<String> args, Map<String, String> env)
      throws IOException {
    // A restarted executor writes a log of its own, so waiting for its start never matches the earlier run's.
    long runs = processes.stream().filter(p -> p.name().equals(id) || p.name().startsWith(id + "-run")).count();
    ClusterProcess p = track(ClusterProcess.start(runs == 0 ? id : id + "-run" + (runs + 1), logs, args, env));
    executors.put(id, p);
    workDirs.put(id, workDir);
    return p;
  }

  /** Waits until the executor has printed its address (it registers before that). */
  static void awaitServing(ClusterProcess executor) throws InterruptedException {
    executor.awaitLine("Executor \\S+ serving on", START_TIMEOUT);
  }

  void startGateway() throws IOException, InterruptedException {
    gateway = track(ClusterProcess.start("gateway", logs, List.of("gateway", "--scheduler", schedulerAddress(),
        "--port", "0"), Map.of()));
    gatewayPort = Integer.parseInt(gateway.awaitLine("Flight SQL gateway on [^:]+:(\\d+)", START_TIMEOUT));
  }

  String jdbcUrl() {
    return "jdbc:ballista://127.0.0.1:" + gatewayPort;
  }

  private ClusterProcess track(ClusterProcess p) {
    processes.add(p);
    return p;
  }

  ClusterProcess scheduler() {
    return scheduler;
  }

  ClusterProcess executor(String id) {
    return executors.get(id);
  }

  Path workDir(String id) {
    return workDirs.get(id);
  }

  Map<String, Path> workDirs() {
    return workDirs;
  }

  SchedulerServiceGrpc.SchedulerServiceBlockingStub client() {
    return client.withDeadlineAfter(30, TimeUnit.SECONDS);
  }

  ListExecutorsResponse listExecutors() {
    return client().listExecutors(ListExecutorsRequest.getDefaultInstance());
  }

  Map<String, ExecutorMetadata> registeredExecutors() {
    Map<String, ExecutorMetadata> out = new LinkedHashMap<>();
    listExecutors().getExecutorsList().forEach(e -> out.put(e.getId(), e));
    return out;
  }

  Map<String, ExecutorState> executorStates() {
    Map<String, ExecutorState> out = new LinkedHashMap<>();
    listExecutors().getStatesList().forEach(s -> out.put(s.getExecutorId(), s));
    return out;
  }

  JobStatus jobStatus(String jobId) {
    return client().getJobStatus(GetJobStatusRequest.newBuilder().setJobId(jobId).build()).getStatus();
  }

  /** Job ids with data in an executor's work directory. */
  static Set<String> jobsIn(Path workDir) throws IOException {
    Set<String> ids = new TreeSet<>();
    Path jobs = workDir.resolve("jobs");
    if (Files.isDirectory(jobs)) {
      try (Stream<Path> dirs = Files.list(jobs)) {
        dirs.forEach(d -> ids.add(d.getFileName().toString()));
      }
    }
    return ids;
  }

  /** Job ids with data in any executor's work directory. */
  Set<String> jobsOnDisk() throws IOException {
    Set<String> ids = new TreeSet<>();
    for (Path dir : workDirs.values()) {
      ids.addAll(jobsIn(dir));
    }
    return ids;
  }

  /** Every process's output, for a failure message. */
  String logs() {
    StringBuilder out = new StringBuilder();
    for (ClusterProcess p : processes) {
      out.append("\n===== ").append(p.name()).append(" (").append(p.logFile()).append(")\n").append(p.output());
    }
    return out.toString();
  }

  @Override
  public void close() throws InterruptedException {
    if (channel != null) {
      channel.shutdownNow();
    }
    for (ClusterProcess p : processes) {
      p.close();
    }
  }
}
