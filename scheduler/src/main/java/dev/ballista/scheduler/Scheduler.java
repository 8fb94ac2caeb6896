package dev.ballista.scheduler;

import dev.ballista.engine.catalog.Catalog;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheduler process: owns the catalog and job state, serves {@code SchedulerService} over gRPC (a TCP port
 * for a cluster, and always an in-process endpoint for components in the same JVM), and watches executors'
 * heartbeats.
 */
public final class Scheduler implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Scheduler.class);
  private static final long FINISHED_JOB_TTL_MILLIS = 15 * 60_000;

  private final SchedulerConfig config;
  private final Catalog catalog = new Catalog();
  private final ExecutorRegistry executors = new ExecutorRegistry();
  private final JobManager jobs;
  private final String inProcessName = "ballista-scheduler-" + UUID.randomUUID();
  private final Server inProcessServer;
  private final Server tcpServer;
  private final ScheduledExecutorService monitor;
  private final SchedulerHttpServer http;

  private Scheduler(SchedulerConfig config) throws IOException {
    this.config = config;
    this.jobs = new JobManager(executors, config);
    SchedulerGrpcService service = new SchedulerGrpcService(catalog, executors, jobs);
    this.inProcessServer = InProcessServerBuilder.forName(inProcessName).addService(service).build().start();
    this.tcpServer = config.port() < 0 ? null
        : NettyServerBuilder.forAddress(new InetSocketAddress(config.bindHost(), config.port())).addService(service)
            .maxInboundMessageSize(Integer.MAX_VALUE).build().start();
    try {
      this.http = config.httpPort() < 0 ? null
          : new SchedulerHttpServer(config.bindHost(), config.httpPort(), executors, jobs);
    } catch (IOException e) {
      if (tcpServer != null) {
        tcpServer.shutdownNow();
      }
      inProcessServer.shutdownNow();
      throw new IOException("cannot serve HTTP on " + config.bindHost() + ":" + config.httpPort() + ": "
          + e.getMessage(), e);
    }
    this.monitor = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "scheduler-monitor");
      t.setDaemon(true);
      return t;
    });
    long period = Math.max(100, config.executorTimeoutMillis() / 4);
    monitor.scheduleWithFixedDelay(this::checkExecutors, period, period, TimeUnit.MILLISECONDS);
    monitor.scheduleWithFixedDelay(() -> jobs.expireFinishedJobs(System.currentTimeMillis() - FINISHED_JOB_TTL_MILLIS),
        1, 1, TimeUnit.MINUTES);
  }

  public static Scheduler start(SchedulerConfig config) throws IOException {
    Scheduler scheduler = new Scheduler(config);
    if (scheduler.tcpServer != null) {
      LOG.info("scheduler listening on {}:{}", config.bindHost(), scheduler.tcpServer.getPort());
    }
    if (scheduler.http != null) {
      LOG.info("scheduler web UI and REST API at {}", scheduler.webUrl());
    }
    return scheduler;
  }

  public Catalog catalog() {
    return catalog;
  }

  /** The gRPC port for executors and gateways in other processes, or -1 when in-process only. */
  public int port() {
    return tcpServer == null ? -1 : tcpServer.getPort();
  }

  /** The port of the REST API and web UI, or -1 when they are off. */
  public int httpPort() {
    return http == null ? -1 : http.port();
  }

  /** The web UI's address (the REST API is under {@code api/}), or null when it is off. */
  public String webUrl() {
    if (http == null) {
      return null;
    }
    String host = config.bindHost();
    if (host.equals("0.0.0.0") || host.equals("::")) {
      host = "localhost";
    } else if (host.contains(":")) {
      host = "[" + host + "]";
    }
    return "http://" + host + ":" + http.port() + "/";
  }

  /** A channel to this scheduler for components in the same JVM. */
  public ManagedChannel inProcessChannel() {
    return InProcessChannelBuilder.forName(inProcessName).directExecutor().build();
  }

  /** Jobs queued or running now. */
  public Set<String> activeJobIds() {
    return jobs.activeJobIds();
  }

  /**
   * Forgets finished jobs now instead of after their time to live, and has executors delete their
   * files (asynchronously). For tests and operators checking that nothing is left behind.
   */
  public void expireFinishedJobsNow() {
    jobs.expireFinishedJobs(Long.MAX_VALUE);
  }

  private void checkExecutors() {
    try {
      for (ExecutorRegistry.Entry lost : executors.expire(System.currentTimeMillis() - config.executorTimeoutMillis())) {
        LOG.warn("executor {} missed its heartbeats", lost.id());
        lost.channel.shutdownNow();
        jobs.executorLost(lost.id());
      }
    } catch (RuntimeException e) {
      LOG.error("executor check failed", e);
    }
  }

  @Override
  public void close() throws InterruptedException {
    monitor.shutdownNow();
    if (http != null) {
      http.close();
    }
    for (String jobId : jobs.activeJobIds()) {
      jobs.cancel(jobId);
    }
    if (tcpServer != null) {
      tcpServer.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
    inProcessServer.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    executors.close();
  }
}
