package dev.ballista.scheduler;

import dev.ballista.engine.catalog.Catalog;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.netty.NettyServerBuilder;
import dev.ballista.engine.catalog.TableDef;
import dev.ballista.proto.ExecutorMetadata;
import dev.ballista.proto.StoredSchema;
import dev.ballista.proto.StoredTable;
import dev.ballista.proto.StoredView;
import dev.ballista.scheduler.state.EtcdLeaderElection;
import dev.ballista.scheduler.state.EtcdStateStore;
import dev.ballista.scheduler.state.InMemoryStateStore;
import dev.ballista.scheduler.state.StateStore;
import dev.ballista.scheduler.state.StoredState;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
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
 * heartbeats. State transitions are written through a {@link StateStore}; with a shared store (etcd) several
 * schedulers run as one leader and standbys, and only the leader opens its port (see {@link #startAsLeader}).
 */
public final class Scheduler implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Scheduler.class);
  private static final long FINISHED_JOB_TTL_MILLIS = 15 * 60_000;

  private final SchedulerConfig config;
  private final Catalog catalog = new Catalog();
  private final StateStore store;
  private final ExecutorRegistry executors;
  private final JobManager jobs;
  private final EtcdLeaderElection election;
  private final String inProcessName = "ballista-scheduler-" + UUID.randomUUID();
  private final Server inProcessServer;
  private final Server tcpServer;
  private final ScheduledExecutorService monitor;
  private final SchedulerHttpServer http;

  private Scheduler(SchedulerConfig config, StateStore store, EtcdLeaderElection election) throws IOException {
    this.config = config;
    this.store = store;
    this.election = election;
    this.executors = new ExecutorRegistry(store);
    this.jobs = new JobManager(executors, config, store);
    recover(store.load());
    catalog.setChangeListener(new StoredCatalog(store));
    SchedulerGrpcService service = new SchedulerGrpcService(catalog, executors, jobs);
    this.inProcessServer = InProcessServerBuilder.forName(inProcessName).addService(service).build().start();
    this.tcpServer = config.port() < 0 ? null
        : NettyServerBuilder.forAddress(new InetSocketAddress(config.bindHost(), config.port())).addService(service)
            .maxInboundMessageSize(Integer.MAX_VALUE).build().start();
    try {
      this.http = config.httpPort() < 0 ? null
          : new SchedulerHttpServer(config.bindHost(), config.httpPort(), executors, jobs,
              election == null ? null : election.candidate());
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
    // Recovered jobs start on the executors the previous leader knew.
    monitor.execute(this::scheduleRecovered);
  }

  private void scheduleRecovered() {
    try {
      jobs.schedule();
    } catch (RuntimeException e) {
      LOG.error("could not schedule recovered jobs", e);
    }
  }

  /** A scheduler with its state in memory: standalone, or a cluster without a standby. */
  public static Scheduler start(SchedulerConfig config) throws IOException {
    return start(config, new InMemoryStateStore(), null);
  }

  /**
   * Waits until this scheduler leads (blocking while another one does), then takes over the stored state and
   * opens its port. Executors and gateways list every scheduler's address and use the one that answers. When
   * the lease is lost the scheduler stops serving and {@link #leadershipLost()} completes.
   *
   * @param advertised this scheduler's address as others reach it, published as the leader's value in etcd
   */
  public static Scheduler startAsLeader(SchedulerConfig config, EtcdStateStore store, String advertised,
      long leaseTtlSeconds) throws IOException, InterruptedException {
    EtcdLeaderElection election = store.election(advertised, leaseTtlSeconds);
    String current = election.leader();
    if (!current.isEmpty()) {
      LOG.info("standby: {} leads; waiting to take over", current);
    }
    election.awaitLeadership();
    LOG.info("{} is the leader; taking over the stored state", advertised);
    store.fenceWith(election.leaderKey());
    Scheduler scheduler = start(config, store, election);
    election.lost().thenRun(scheduler::stopServing);
    return scheduler;
  }

  /** A scheduler over {@code store} (recovering what it holds); {@code election} is null without a standby. */
  static Scheduler start(SchedulerConfig config, StateStore store, EtcdLeaderElection election)
      throws IOException {
    Scheduler scheduler = new Scheduler(config, store, election);
    if (scheduler.tcpServer != null) {
      LOG.info("scheduler listening on {}:{}", config.bindHost(), scheduler.tcpServer.getPort());
    }
    if (scheduler.http != null) {
      LOG.info("scheduler web UI and REST API at {}", scheduler.webUrl());
    }
    return scheduler;
  }

  private void recover(StoredState state) {
    if (state.isEmpty()) {
      return;
    }
    long now = System.currentTimeMillis();
    for (StoredSchema s : state.schemas()) {
      catalog.createSchema(s.getName(), true);
    }
    for (StoredTable t : state.tables()) {
      try {
        catalog.createSchema(t.getSchema(), true);
        catalog.register(StoredCatalog.load(t), true);
      } catch (RuntimeException e) {
        LOG.warn("stored table {}.{} at {} cannot be loaded: {}", t.getSchema(), t.getName(), t.getLocation(),
            e.getMessage());
      }
    }
    for (StoredView v : state.views()) {
      // Views are checked when used: one over a table that could not be loaded fails then, with its name.
      try {
        catalog.createSchema(v.getSchema(), true);
        catalog.registerView(StoredCatalog.view(v), true);
      } catch (RuntimeException e) {
        LOG.warn("stored view {}.{} cannot be restored: {}", v.getSchema(), v.getName(), e.getMessage());
      }
    }
    for (ExecutorMetadata e : state.executors()) {
      executors.restore(e, now);
    }
    jobs.recover(state.jobs(), state.tasks());
    LOG.info("recovered {} schemas, {} tables, {} views, {} executors (lost unless they heartbeat within {} ms), "
        + "{} jobs", state.schemas().size(), state.tables().size(), state.views().size(), state.executors().size(),
        config.executorTimeoutMillis(), state.jobs().size());
  }

  /**
   * Registers (or replaces) a table. Every change to {@link #catalog()} is written through to the state store,
   * so a standby scheduler knows the table too.
   */
  public void registerTable(TableDef table) {
    catalog.register(table, true);
  }

  /** Completes when this scheduler lost its leadership and stopped serving; never for an in-memory one. */
  public CompletableFuture<Void> leadershipLost() {
    return election == null ? new CompletableFuture<>() : election.lost();
  }

  /**
   * What a crash looks like to the rest of the cluster, for tests: connections drop, the lease is neither renewed
   * nor given back (a standby takes over once it expires), and writes not yet in etcd are lost.
   */
  void crash() {
    if (election != null) {
      election.abandon();
    }
    stopServing();
    if (store instanceof EtcdStateStore etcd) {
      etcd.abort();
    }
    executors.close();
  }

  private void stopServing() {
    monitor.shutdownNow();
    if (http != null) {
      http.close();
    }
    if (tcpServer != null) {
      tcpServer.shutdownNow();
    }
    inProcessServer.shutdownNow();
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
    if (election == null) {
      for (String jobId : jobs.activeJobIds()) {
        jobs.cancel(jobId);
      }
    } else {
      // Jobs in flight stay in etcd for the standby, which resumes them.
      election.close();
    }
    if (tcpServer != null) {
      tcpServer.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
    inProcessServer.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    executors.close();
    store.close();
  }
}
