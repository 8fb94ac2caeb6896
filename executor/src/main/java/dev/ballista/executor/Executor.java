package dev.ballista.executor;

import dev.ballista.auth.SignedTokens;
import dev.ballista.engine.exec.shuffle.MemoryShuffle;
import dev.ballista.proto.DrainExecutorRequest;
import dev.ballista.proto.DrainPhase;
import dev.ballista.proto.ExecutorMetadata;
import dev.ballista.proto.GetJobStatusRequest;
import dev.ballista.proto.HeartbeatRequest;
import dev.ballista.proto.HeartbeatResponse;
import dev.ballista.proto.RegisterExecutorRequest;
import dev.ballista.proto.SchedulerServiceGrpc;
import dev.ballista.proto.TaskStatus;
import dev.ballista.proto.UpdateTaskStatusRequest;
import io.grpc.BindableService;
import io.grpc.Channel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.arrow.flight.FlightGrpcUtils;
import org.apache.arrow.memory.BufferAllocator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An executor process (or one of several in a standalone JVM): a single gRPC port serving both the executor
 * control service and Arrow Flight (shuffle and result data), task slots, and a heartbeat to the scheduler.
 * It owns its work directory and starts clean: job data an earlier run left there is removed. A sweeper removes job
 * data that outlived its job. {@link #close()} drains first: no new tasks, running ones finish within the grace
 * period or are handed back, and the scheduler hears of each step.
 */
public final class Executor implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Executor.class);
  private static final long REPORT_WAIT_MILLIS = 10_000;
  private static final long REGISTER_PATIENCE_MILLIS = 60_000;

  private final ExecutorConfig config;
  private final WorkDirectory workDir;
  private final BufferAllocator allocator;
  private final FlightShuffleReader shuffleReader;
  private final TaskRunner tasks;
  private final Server server;
  private final ExecutorService flightThreads;
  private final ScheduledExecutorService heartbeat;
  /** Touched only by the heartbeat thread. */
  private boolean heartbeatsFailing;
  private final ScheduledExecutorService sweeper;
  private final SchedulerServiceGrpc.SchedulerServiceStub scheduler;
  private final SchedulerServiceGrpc.SchedulerServiceBlockingStub schedulerBlocking;
  private final String id;
  private final int port;
  private final AtomicBoolean draining = new AtomicBoolean();
  private final Object reportsLock = new Object();
  private int reportsInFlight; // guarded by reportsLock

  private final MemoryShuffle memoryShuffle;
  private final boolean ownsMemoryShuffle;

  private Executor(ExecutorConfig config, Channel schedulerChannel, MemoryShuffle sharedShuffle) throws IOException {
    this.config = config;
    this.id = config.id().isEmpty() ? "executor-" + UUID.randomUUID().toString().substring(0, 8) : config.id();
    this.workDir = WorkDirectory.open(config.workDir());
    this.allocator = dev.ballista.engine.memory.Allocators.root(config.memoryLimitBytes());
    this.ownsMemoryShuffle = sharedShuffle == null;
    this.memoryShuffle = sharedShuffle != null ? sharedShuffle
        : new MemoryShuffle(heldDataBudget(config.memoryLimitBytes()));
    this.scheduler = SchedulerServiceGrpc.newStub(schedulerChannel);
    this.schedulerBlocking = SchedulerServiceGrpc.newBlockingStub(schedulerChannel);
    SignedTokens tokens = config.tokenSecret() == null ? null : config.tokenSecret().tokens();
    this.shuffleReader = new FlightShuffleReader(id, config.advertisedHost(), allocator, tokens, memoryShuffle);
    this.tasks = new TaskRunner(id, config.taskSlots(), allocator, shuffleReader, workDir, this::report,
        memoryShuffle);
    this.flightThreads = Executors.newCachedThreadPool(daemon("flight-" + id));
    ResultFileProducer producer = new ResultFileProducer(allocator, workDir.jobsDir(), tasks.liveResults(),
        memoryShuffle);
    BindableService flight = FlightGrpcUtils.createFlightService(allocator, producer,
        org.apache.arrow.flight.auth.ServerAuthHandler.NO_OP, flightThreads);
    try {
      this.server = NettyServerBuilder.forAddress(new InetSocketAddress(config.bindHost(), config.port()))
          .addService(tokens == null ? flight.bindService() : FlightTokenCheck.protect(flight, tokens, id))
          .addService(new ExecutorGrpcService(tasks))
          .maxInboundMessageSize(Integer.MAX_VALUE)
          .build()
          .start();
    } catch (IOException | RuntimeException e) {
      tasks.close();
      tasks.releaseHeldResults();
      if (ownsMemoryShuffle) {
        memoryShuffle.close();
      }
      flightThreads.shutdownNow();
      allocator.close();
      workDir.close();
      throw e;
    }
    this.port = server.getPort();
    this.heartbeat = Executors.newSingleThreadScheduledExecutor(daemon("heartbeat-" + id));
    this.sweeper = Executors.newSingleThreadScheduledExecutor(daemon("job-data-sweeper-" + id));
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }

  /**
   * How much data an executor holds in memory for readers to come, for each kind (shuffle output, client results):
   * a quarter of its memory, at most 512 MiB.
   */
  public static long heldDataBudget(long memoryLimitBytes) {
    return Math.min(512L << 20, memoryLimitBytes / 4);
  }

  /** Starts the executor, registers it with the scheduler and begins heartbeats and the job-data sweep. */
  public static Executor start(ExecutorConfig config, Channel schedulerChannel) throws IOException {
    return start(config, schedulerChannel, null);
  }

  /**
   * The same, holding shuffle output in {@code sharedShuffle} (null: a store of its own): the executors of one JVM
   * share one, so each reads what the others hold without a copy through Flight or a file.
   */
  public static Executor start(ExecutorConfig config, Channel schedulerChannel, MemoryShuffle sharedShuffle)
      throws IOException {
    Executor executor = new Executor(config, schedulerChannel, sharedShuffle);
    try {
      executor.registerPatiently();
    } catch (RuntimeException e) {
      try {
        executor.stop();
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
      }
      throw e;
    }
    executor.heartbeat.scheduleWithFixedDelay(executor::sendHeartbeat, config.heartbeatIntervalMillis(),
        config.heartbeatIntervalMillis(), TimeUnit.MILLISECONDS);
    long ttl = config.jobDataTtl().toMillis();
    if (ttl > 0) {
      JobDataSweeper sweep = new JobDataSweeper(executor.workDir, ttl, executor.tasks::hasTasksOf,
          executor::lookUpJob);
      long every = JobDataSweeper.intervalMillis(ttl);
      executor.sweeper.scheduleWithFixedDelay(() -> sweep.sweep(System.currentTimeMillis()), every, every,
          TimeUnit.MILLISECONDS);
    }
    LOG.info("executor {} listening on {}:{} with {} task slots, work directory {}; Flight {}", executor.id,
        config.advertisedHost(), executor.port, config.taskSlots(), executor.workDir.root(),
        config.tokenSecret() == null ? "open to anyone" : "needs bearer tokens signed with the cluster's secret");
    return executor;
  }

  public String id() {
    return id;
  }

  public int port() {
    return port;
  }

  /** Arrow memory held by tasks and result streams; zero when the executor is idle. */
  public long allocatedBytes() {
    return allocator.getAllocatedMemory();
  }

  /** Where this executor keeps shuffle and result files, one subdirectory per job. */
  public java.nio.file.Path jobsDir() {
    return workDir.jobsDir();
  }

  /** Tasks running at this moment. */
  public int runningTasks() {
    return tasks.runningTasks();
  }

  private ExecutorMetadata metadata() {
    return ExecutorMetadata.newBuilder().setId(id).setHost(config.advertisedHost()).setPort(port)
        .setTaskSlots(config.taskSlots()).setMemoryLimitBytes(config.memoryLimitBytes()).build();
  }

  private void register() {
    schedulerBlocking.withDeadlineAfter(10, TimeUnit.SECONDS)
        .registerExecutor(RegisterExecutorRequest.newBuilder().setExecutor(metadata()).build());
  }

  /**
   * Registers, retrying while the scheduler cannot be reached (it may start after the executor, or be slow to
   * accept on a loaded machine) for up to {@link #REGISTER_PATIENCE_MILLIS}.
   */
  private void registerPatiently() {
    long deadline = System.currentTimeMillis() + REGISTER_PATIENCE_MILLIS;
    long backoff = 250;
    while (true) {
      try {
        register();
        return;
      } catch (StatusRuntimeException e) {
        Status.Code code = e.getStatus().getCode();
        boolean transientFailure = code == Status.Code.UNAVAILABLE || code == Status.Code.DEADLINE_EXCEEDED;
        if (!transientFailure || System.currentTimeMillis() + backoff > deadline) {
          throw e;
        }
        LOG.info("scheduler not reachable yet ({}); retrying in {} ms", code, backoff);
        try {
          Thread.sleep(backoff);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw e;
        }
        backoff = Math.min(backoff * 2, 5_000);
      }
    }
  }

  private void sendHeartbeat() {
    try {
      HeartbeatResponse response = schedulerBlocking.withDeadlineAfter(5, TimeUnit.SECONDS)
          .heartbeat(HeartbeatRequest.newBuilder().setExecutorId(id).setRunningTasks(tasks.runningTasks())
              .setMemoryUsedBytes(allocator.getAllocatedMemory()).build());
      if (heartbeatsFailing) {
        heartbeatsFailing = false;
        LOG.info("the scheduler answers heartbeats again");
      }
      if (response.getReregister() && !draining.get()) {
        LOG.info("scheduler does not know executor {}; registering again", id);
        register();
      }
    } catch (StatusRuntimeException e) {
      // Once per outage (e.g. while a standby scheduler takes over), not once per heartbeat.
      if (!heartbeatsFailing) {
        heartbeatsFailing = true;
        LOG.warn("heartbeat to scheduler failed (retrying every {} ms): {}", config.heartbeatIntervalMillis(),
            e.getStatus());
      }
    }
  }

  private JobDataSweeper.JobKnowledge lookUpJob(String jobId) {
    try {
      schedulerBlocking.withDeadlineAfter(5, TimeUnit.SECONDS)
          .getJobStatus(GetJobStatusRequest.newBuilder().setJobId(jobId).build());
      return JobDataSweeper.JobKnowledge.KNOWN;
    } catch (StatusRuntimeException e) {
      return e.getStatus().getCode() == Status.Code.NOT_FOUND ? JobDataSweeper.JobKnowledge.UNKNOWN
          : JobDataSweeper.JobKnowledge.NO_ANSWER;
    }
  }

  private void report(TaskStatus status) {
    report(status, true);
  }

  private void report(TaskStatus status, boolean retry) {
    synchronized (reportsLock) {
      reportsInFlight++;
    }
    io.grpc.Context.ROOT.run(() -> sendReport(status, retry));
  }

  private void reportDone() {
    synchronized (reportsLock) {
      reportsInFlight--;
      reportsLock.notifyAll();
    }
  }

  /**
   * A report waits for a scheduler to answer (up to 30 s) rather than failing while none does, e.g. while a
   * standby scheduler takes over; one cut off with the connection is sent once more (to the new leader).
   */
  private void sendReport(TaskStatus status, boolean retry) {
    scheduler.withWaitForReady().withDeadlineAfter(30, TimeUnit.SECONDS).updateTaskStatus(
        UpdateTaskStatusRequest.newBuilder().setExecutorId(id).addTaskStatus(status).build(),
        new io.grpc.stub.StreamObserver<>() {
          @Override
          public void onNext(dev.ballista.proto.UpdateTaskStatusResponse value) {}

          @Override
          public void onError(Throwable t) {
            if (retry && io.grpc.Status.fromThrowable(t).getCode() == io.grpc.Status.Code.UNAVAILABLE) {
              reportDone();
              report(status, false);
              return;
            }
            LOG.warn("could not report status of a task to the scheduler: {}", t.getMessage());
            reportDone();
          }

          @Override
          public void onCompleted() {
            reportDone();
          }
        });
  }

  private void awaitReports(long timeoutMillis) throws InterruptedException {
    long deadline = System.currentTimeMillis() + timeoutMillis;
    synchronized (reportsLock) {
      while (reportsInFlight > 0 && System.currentTimeMillis() < deadline) {
        reportsLock.wait(Math.max(1, deadline - System.currentTimeMillis()));
      }
    }
  }

  /**
   * Graceful shutdown, first half: takes no new tasks (those that still arrive are handed back), tells the
   * scheduler, lets running tasks finish within the grace period and hands back those that do not, then tells the
   * scheduler it has stopped. The Flight server keeps serving until {@link #close()}. Runs once; later calls return
   * at once.
   *
   * @return how many running tasks were stopped and handed back at the end of the grace period
   */
  public int drain(String reason) throws InterruptedException {
    if (!draining.compareAndSet(false, true)) {
      return 0;
    }
    tasks.stopAccepting();
    long grace = config.shutdownGrace().toMillis();
    LOG.info("executor {} draining ({}): {} tasks running, grace period {} ms", id, reason, tasks.runningTasks(),
        grace);
    tellScheduler(DrainPhase.DRAINING, reason);
    int stopped = 0;
    if (tasks.awaitIdle(grace)) {
      LOG.info("executor {}: running tasks finished", id);
    } else {
      stopped = tasks.handBackRunning();
      LOG.info("executor {}: handing back {} tasks still running after the grace period", id, stopped);
      if (!tasks.awaitIdle(REPORT_WAIT_MILLIS)) {
        LOG.warn("executor {}: tasks did not stop within {} ms", id, REPORT_WAIT_MILLIS);
      }
    }
    awaitReports(REPORT_WAIT_MILLIS);
    tellScheduler(DrainPhase.STOPPED, reason);
    return stopped;
  }

  private void tellScheduler(DrainPhase phase, String reason) {
    try {
      schedulerBlocking.withDeadlineAfter(5, TimeUnit.SECONDS).drainExecutor(DrainExecutorRequest.newBuilder()
          .setExecutorId(id).setPhase(phase).setReason(reason).build());
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.UNIMPLEMENTED) {
        LOG.info("the scheduler predates graceful shutdown; it will find executor {} gone by its heartbeats", id);
      } else {
        LOG.warn("could not tell the scheduler executor {} is {}: {}", id, phase, e.getStatus());
      }
    }
  }

  /** Drains (see {@link #drain}), then stops serving and deletes this executor's job data. */
  @Override
  public void close() throws InterruptedException {
    try {
      drain("shutting down");
    } finally {
      stop();
    }
  }

  private void stop() throws InterruptedException {
    heartbeat.shutdownNow();
    sweeper.shutdownNow();
    tasks.close();
    server.shutdownNow();
    server.awaitTermination(5, TimeUnit.SECONDS);
    flightThreads.shutdownNow();
    shuffleReader.close();
    tasks.releaseHeldResults();
    if (ownsMemoryShuffle) {
      memoryShuffle.close();
    }
    workDir.close();
    allocator.close();
  }
}
