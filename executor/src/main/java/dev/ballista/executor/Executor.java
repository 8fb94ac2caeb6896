package dev.ballista.executor;

import dev.ballista.proto.ExecutorMetadata;
import dev.ballista.proto.HeartbeatRequest;
import dev.ballista.proto.HeartbeatResponse;
import dev.ballista.proto.RegisterExecutorRequest;
import dev.ballista.proto.SchedulerServiceGrpc;
import dev.ballista.proto.TaskStatus;
import dev.ballista.proto.UpdateTaskStatusRequest;
import io.grpc.Channel;
import io.grpc.Server;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.flight.FlightGrpcUtils;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An executor process (or one of several in a standalone JVM): a single gRPC port serving both the executor
 * control service and Arrow Flight (shuffle and result data), task slots, and a heartbeat to the scheduler.
 * It starts clean: whatever an earlier run left in its work directory is removed.
 */
public final class Executor implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Executor.class);

  private final ExecutorConfig config;
  private final BufferAllocator allocator;
  private final FlightShuffleReader shuffleReader;
  private final TaskRunner tasks;
  private final Server server;
  private final ExecutorService flightThreads;
  private final ScheduledExecutorService heartbeat;
  private final SchedulerServiceGrpc.SchedulerServiceStub scheduler;
  private final SchedulerServiceGrpc.SchedulerServiceBlockingStub schedulerBlocking;
  private final String id;
  private final int port;

  private Executor(ExecutorConfig config, Channel schedulerChannel) throws IOException {
    this.config = config;
    this.allocator = new RootAllocator(config.memoryLimitBytes());
    this.scheduler = SchedulerServiceGrpc.newStub(schedulerChannel);
    this.schedulerBlocking = SchedulerServiceGrpc.newBlockingStub(schedulerChannel);
    String provisionalId = config.id().isEmpty() ? "executor-" + UUID.randomUUID().toString().substring(0, 8)
        : config.id();
    this.id = provisionalId;
    TaskRunner.deleteRecursively(config.workDir().resolve(id));
    Files.createDirectories(config.workDir().resolve(id));
    this.shuffleReader = new FlightShuffleReader(id, allocator);
    this.tasks = new TaskRunner(id, config.taskSlots(), allocator, shuffleReader, config.workDir().resolve(id),
        this::report);
    this.flightThreads = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "flight-" + id);
      t.setDaemon(true);
      return t;
    });
    ResultFileProducer producer = new ResultFileProducer(allocator, config.workDir().resolve(id));
    this.server = NettyServerBuilder.forAddress(new InetSocketAddress(config.bindHost(), config.port()))
        .addService(FlightGrpcUtils.createFlightService(allocator, producer,
            org.apache.arrow.flight.auth.ServerAuthHandler.NO_OP, flightThreads))
        .addService(new ExecutorGrpcService(tasks))
        .maxInboundMessageSize(Integer.MAX_VALUE)
        .build()
        .start();
    this.port = server.getPort();
    this.heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "heartbeat-" + id);
      t.setDaemon(true);
      return t;
    });
  }

  /** Starts the executor, registers it with the scheduler and begins heartbeats. */
  public static Executor start(ExecutorConfig config, Channel schedulerChannel) throws IOException {
    Executor executor = new Executor(config, schedulerChannel);
    executor.register();
    executor.heartbeat.scheduleWithFixedDelay(executor::sendHeartbeat, config.heartbeatIntervalMillis(),
        config.heartbeatIntervalMillis(), TimeUnit.MILLISECONDS);
    LOG.info("executor {} listening on {}:{} with {} task slots", executor.id, config.advertisedHost(),
        executor.port, config.taskSlots());
    return executor;
  }

  public String id() {
    return id;
  }

  public int port() {
    return port;
  }

  private ExecutorMetadata metadata() {
    return ExecutorMetadata.newBuilder().setId(id).setHost(config.advertisedHost()).setPort(port)
        .setTaskSlots(config.taskSlots()).setMemoryLimitBytes(config.memoryLimitBytes()).build();
  }

  private void register() {
    schedulerBlocking.withDeadlineAfter(10, TimeUnit.SECONDS)
        .registerExecutor(RegisterExecutorRequest.newBuilder().setExecutor(metadata()).build());
  }

  private void sendHeartbeat() {
    try {
      HeartbeatResponse response = schedulerBlocking.withDeadlineAfter(5, TimeUnit.SECONDS)
          .heartbeat(HeartbeatRequest.newBuilder().setExecutorId(id).setRunningTasks(tasks.runningTasks())
              .setMemoryUsedBytes(allocator.getAllocatedMemory()).build());
      if (response.getReregister()) {
        LOG.info("scheduler does not know executor {}; registering again", id);
        register();
      }
    } catch (StatusRuntimeException e) {
      LOG.warn("heartbeat to scheduler failed: {}", e.getStatus());
    }
  }

  private void report(TaskStatus status) {
    io.grpc.Context.ROOT.run(() -> sendReport(status));
  }

  private void sendReport(TaskStatus status) {
    scheduler.withDeadlineAfter(30, TimeUnit.SECONDS).updateTaskStatus(
        UpdateTaskStatusRequest.newBuilder().setExecutorId(id).addTaskStatus(status).build(),
        new io.grpc.stub.StreamObserver<>() {
          @Override
          public void onNext(dev.ballista.proto.UpdateTaskStatusResponse value) {}

          @Override
          public void onError(Throwable t) {
            LOG.warn("could not report status of a task to the scheduler: {}", t.getMessage());
          }

          @Override
          public void onCompleted() {}
        });
  }

  @Override
  public void close() throws InterruptedException {
    heartbeat.shutdownNow();
    tasks.close();
    server.shutdownNow();
    server.awaitTermination(5, TimeUnit.SECONDS);
    flightThreads.shutdownNow();
    shuffleReader.close();
    TaskRunner.deleteRecursively(config.workDir().resolve(id));
    allocator.close();
  }
}
