package dev.ballista.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ballista.cli.ParquetTables;
import dev.ballista.engine.catalog.Catalog;
import dev.ballista.engine.dist.LocalQueryRunner;
import dev.ballista.proto.ExecutorMetadata;
import dev.ballista.proto.ExecutorState;
import dev.ballista.proto.JobState;
import dev.ballista.proto.JobStatus;
import dev.ballista.proto.StageStatus;
import dev.ballista.tpch.TpchDataGenerator;
import dev.ballista.tpch.TpchQueries;
import dev.ballista.tpch.TpchQuery;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * Issue 4's acceptance: the scheduler, three executors and the Flight SQL gateway as separate processes of the
 * packaged {@code ballista.jar} on loopback, TPC-H at scale factor 0.1 through our JDBC driver, every answer equal
 * to the single-process run. Then the runtime under trouble, in order: an executor killed with -9 in the middle of
 * a multi-stage query, a fourth executor joining, data of jobs nobody knows swept after its time-to-live, a
 * restarted executor starting clean, a cancelled query leaving nothing behind, and an executor stopped with SIGTERM
 * while it runs tasks.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MultiProcessClusterTest {
  static final double SCALE_FACTOR = 0.1;
  /** A multi-stage query that runs for seconds: both sides shuffled by part key, a join of 18 million rows. */
  static final String LONG_QUERY = "select count(*), sum(a.l_quantity), max(b.l_orderkey) from lineitem a "
      + "join lineitem b on a.l_partkey = b.l_partkey";
  /** Generous: on a loaded two-core machine five JVMs start and warm up slowly. */
  static final Duration WAIT = Duration.ofSeconds(120);

  static Path root;
  static ProcessCluster cluster;
  static BufferAllocator allocator;
  static LocalQueryRunner local;

  @RegisterExtension
  static final TestWatcher SHOW_LOGS_ON_FAILURE = new TestWatcher() {
    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
      System.err.println("cluster logs after " + context.getDisplayName() + " failed:" + cluster.logs());
    }
  };

  @BeforeAll
  static void startCluster() throws Exception {
    Path target = Path.of("target").toAbsolutePath();
    // Generated once and reused by later runs (the generator finds complete tables and keeps them).
    Path data = target.resolve("tpch-sf" + SCALE_FACTOR);
    TpchDataGenerator.builder(data, SCALE_FACTOR).filesPerTable(4).build().generate();
    root = target.resolve("it-cluster");
    deleteRecursively(root);
    cluster = new ProcessCluster(root);
    cluster.startScheduler(data);
    ClusterProcess exec1 = cluster.startExecutor("exec-1", root.resolve("work-1"));
    ClusterProcess exec2 = cluster.startExecutor("exec-2", root.resolve("work-2"));
    // The third executor is configured by environment variables alone.
    ClusterProcess exec3 = cluster.startExecutorFromEnvironment("exec-3", root.resolve("work-3"), Map.of(
        "BALLISTA_EXECUTOR_ID", "exec-3", "BALLISTA_SCHEDULER", cluster.schedulerAddress(),
        "BALLISTA_EXECUTOR_PORT", "0", "BALLISTA_EXECUTOR_SLOTS", "2", "BALLISTA_EXECUTOR_MEMORY", "320",
        "BALLISTA_WORK_DIR", root.resolve("work-3").toString(), "BALLISTA_HEARTBEAT_INTERVAL", "500ms",
        "BALLISTA_EXECUTOR_ADVERTISE", "localhost"));
    cluster.startGateway();
    for (ClusterProcess e : List.of(exec1, exec2, exec3)) {
      ProcessCluster.awaitServing(e);
    }

    // The same tables as the scheduler's --tables (with TPC-H's primary keys, which steer join order).
    Catalog catalog = new Catalog();
    ParquetTables.register(catalog, data);
    allocator = new RootAllocator();
    local = new LocalQueryRunner(catalog, 6, root.resolve("local"), allocator);
  }

  @AfterAll
  static void stopCluster() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
    if (local != null) {
      local.close();
    }
    if (allocator != null) {
      allocator.close();
    }
  }

  static List<List<String>> viaJdbc(String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(cluster.jdbcUrl());
         Statement s = c.createStatement();
         ResultSet rs = s.executeQuery(sql)) {
      return ResultRows.of(rs);
    }
  }

  static List<List<String>> inProcess(String sql) {
    return ResultRows.of(local.sql(sql));
  }

  static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting until " + what);
      }
      Thread.sleep(20);
    }
  }

  /** Waits for the data directory of a job that was not on any executor's disk before. */
  static String awaitNewJob(Set<String> before) throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      Set<String> now = cluster.jobsOnDisk();
      now.removeAll(before);
      if (!now.isEmpty()) {
        assertEquals(1, now.size(), "one query at a time: " + now);
        return now.iterator().next();
      }
      Thread.sleep(5);
    }
    throw new AssertionError("no job started");
  }

  @Test
  @Order(1)
  void executorsRegisterWithTheSettingsTheyWereGiven() throws Exception {
    await("three executors are registered", () -> cluster.registeredExecutors().size() == 3);
    Map<String, ExecutorMetadata> executors = cluster.registeredExecutors();
    assertEquals(Set.of("exec-1", "exec-2", "exec-3"), executors.keySet());
    assertEquals(2, executors.get("exec-1").getTaskSlots());
    assertEquals(384L << 20, executors.get("exec-1").getMemoryLimitBytes());
    ExecutorMetadata fromEnvironment = executors.get("exec-3");
    assertEquals(2, fromEnvironment.getTaskSlots());
    assertEquals(320L << 20, fromEnvironment.getMemoryLimitBytes());
    assertEquals("localhost", fromEnvironment.getHost(), "BALLISTA_EXECUTOR_ADVERTISE");
    assertTrue(Files.exists(cluster.workDir("exec-3").resolve("executor.lock")), "BALLISTA_WORK_DIR");
  }

  @Test
  @Order(2)
  void allTpchQueriesMatchTheSingleProcessRun() throws Exception {
    StringBuilder timings = new StringBuilder();
    for (TpchQuery q : TpchQueries.all()) {
      long start = System.nanoTime();
      List<List<String>> distributed = viaJdbc(q.sql());
      long distributedMillis = (System.nanoTime() - start) / 1_000_000;
      start = System.nanoTime();
      List<List<String>> expected = inProcess(q.sql());
      long localMillis = (System.nanoTime() - start) / 1_000_000;
      assertFalse(expected.isEmpty(), q.name() + " has rows at SF " + SCALE_FACTOR);
      assertEquals(expected, distributed, q.name());
      timings.append(String.format("%s cluster %5d ms, in-process %5d ms, %d rows%n", q.name(), distributedMillis,
          localMillis, expected.size()));
    }
    System.out.print(timings);
  }

  @Test
  @Order(3)
  void anExecutorKilledInTheMiddleOfAQueryChangesNotItsAnswer() throws Exception {
    List<List<String>> expected = inProcess(LONG_QUERY);
    Set<String> before = cluster.jobsOnDisk();
    CompletableFuture<List<List<String>>> answer = CompletableFuture.supplyAsync(() -> {
      try {
        return viaJdbc(LONG_QUERY);
      } catch (SQLException e) {
        throw new IllegalStateException(e);
      }
    });
    String jobId = awaitNewJob(before);
    Path victimJob = cluster.workDir("exec-2").resolve("jobs").resolve(jobId);

    // Kill exec-2 once it holds finished map output of the job, while the job still runs: the stages reading that
    // output cannot finish without it being computed again.
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (true) {
      JobStatus status = cluster.jobStatus(jobId);
      assertEquals(JobState.RUNNING, status.getState(), "the query ended before exec-2 could be killed");
      boolean holdsFinishedOutput = false;
      for (StageStatus stage : status.getStagesList()) {
        holdsFinishedOutput |= stage.getState().equals("COMPLETED")
            && Files.isDirectory(victimJob.resolve(Integer.toString(stage.getStageId())));
      }
      if (holdsFinishedOutput) {
        break;
      }
      assertTrue(System.nanoTime() < deadline, "exec-2 never held finished output of " + jobId);
      Thread.sleep(5);
    }
    cluster.executor("exec-2").kill();
    assertEquals(JobState.RUNNING, cluster.jobStatus(jobId).getState());

    // A fourth executor joins while the query recovers. Its job data has a short time-to-live (tested below), and
    // it hands its tasks back at once when stopped.
    ClusterProcess exec4 = cluster.startExecutor("exec-4", root.resolve("work-4"), "--job-data-ttl", "2s",
        "--shutdown-grace", "0s");
    ProcessCluster.awaitServing(exec4);

    assertEquals(expected, answer.get(WAIT.toSeconds(), TimeUnit.SECONDS));
    await("the scheduler drops exec-2 and lists exec-4",
        () -> cluster.registeredExecutors().keySet().equals(Set.of("exec-1", "exec-3", "exec-4")));
    // Whichever noticed first: its heartbeats stopping, or a task failing to fetch its output or to reach it.
    await("the scheduler logs why exec-2 is gone", () -> {
      String log = cluster.scheduler().output();
      return log.contains("executor exec-2 missed its heartbeats") || log.contains("executor exec-2 is lost");
    });
    assertEquals(JobState.COMPLETED, cluster.jobStatus(jobId).getState());
  }

  @Test
  @Order(4)
  void theFourthExecutorReceivesTasks() throws Exception {
    String sql = TpchQueries.query(9).sql();
    Set<String> before = ProcessCluster.jobsIn(cluster.workDir("exec-4"));
    assertEquals(inProcess(sql), viaJdbc(sql));
    Set<String> after = ProcessCluster.jobsIn(cluster.workDir("exec-4"));
    after.removeAll(before);
    assertEquals(1, after.size(), "exec-4 ran tasks of the query and holds their output: " + after);
  }

  @Test
  @Order(5)
  void dataOfJobsTheSchedulerNoLongerKnowsIsSweptAfterItsTimeToLive() throws Exception {
    Path jobs = cluster.workDir("exec-4").resolve("jobs");
    Set<String> known = ProcessCluster.jobsIn(cluster.workDir("exec-4"));
    assertFalse(known.isEmpty(), "exec-4 holds results of finished jobs the scheduler still knows");
    Path orphan = Files.createDirectories(jobs.resolve("0rphan0rphan/1/0")).resolve("data-0.arrow");
    Files.writeString(orphan, "left behind by a job nobody remembers");
    long old = System.currentTimeMillis() - 60_000;
    for (Path p : List.of(orphan, orphan.getParent(), orphan.getParent().getParent(), jobs.resolve("0rphan0rphan"))) {
      Files.setLastModifiedTime(p, FileTime.fromMillis(old));
    }
    await("the sweeper removes the orphaned job data", () -> !Files.exists(jobs.resolve("0rphan0rphan")));
    assertEquals(known, ProcessCluster.jobsIn(cluster.workDir("exec-4")),
        "data older than the time-to-live of jobs the scheduler knows stays");
    assertTrue(cluster.executor("exec-4").output().contains("removing data of job 0rphan0rphan"));
  }

  @Test
  @Order(6)
  void aRestartedExecutorStartsClean() throws Exception {
    Path workDir = cluster.workDir("exec-2");
    Set<String> leftovers = ProcessCluster.jobsIn(workDir);
    assertFalse(leftovers.isEmpty(), "kill -9 left exec-2's job data behind");
    ClusterProcess restarted = cluster.startExecutor("exec-2", workDir);
    ProcessCluster.awaitServing(restarted);
    assertEquals(Set.of(), ProcessCluster.jobsIn(workDir), "job data of the earlier run is gone");
    await("exec-2 is registered again", () -> cluster.registeredExecutors().containsKey("exec-2"));
  }

  @Test
  @Order(7)
  void aCancelledQueryLeavesNoTasksAndNoFilesBehind() throws Exception {
    Set<String> before = cluster.jobsOnDisk();
    try (Connection c = DriverManager.getConnection(cluster.jdbcUrl()); Statement s = c.createStatement()) {
      CompletableFuture<List<List<String>>> answer = CompletableFuture.supplyAsync(() -> {
        try (ResultSet rs = s.executeQuery(LONG_QUERY)) {
          return ResultRows.of(rs);
        } catch (SQLException e) {
          throw new IllegalStateException(e);
        }
      });
      String jobId = awaitNewJob(before);
      await("tasks of the job run", () -> {
        JobStatus status = cluster.jobStatus(jobId);
        return status.getStagesList().stream().anyMatch(st -> st.getRunningTasks() > 0);
      });
      s.cancel();
      ExecutionException failed = assertThrows(ExecutionException.class,
          () -> answer.get(WAIT.toSeconds(), TimeUnit.SECONDS));
      assertTrue(failed.getCause().getCause() instanceof SQLException, failed.toString());
      assertTrue(failed.getCause().getCause().getMessage().toLowerCase(java.util.Locale.ROOT).contains("cancel"),
          failed.getCause().getCause().getMessage());
      // The gateway saw the client's call cancelled and cancels the job.
      await("the job is cancelled", () -> cluster.jobStatus(jobId).getState() == JobState.CANCELLED);

      await("no executor runs a task and no work directory holds the job's files", () -> {
        try {
          return nothingRuns() && !cluster.jobsOnDisk().contains(jobId);
        } catch (IOException e) {
          throw new IllegalStateException(e);
        }
      });
      // A task that was queued, or whose launch crossed the cancel, must not bring files back.
      Thread.sleep(1500);
      assertTrue(nothingRuns(), () -> cluster.executorStates().toString());
      assertFalse(cluster.jobsOnDisk().contains(jobId));
    }
  }

  /** The scheduler has no task out on any executor, and every executor's last heartbeat reports none running. */
  static boolean nothingRuns() {
    for (ExecutorState state : cluster.executorStates().values()) {
      if (state.getRunningTasks() > 0 || state.getAssignedTasks() > 0) {
        return false;
      }
    }
    return true;
  }

  @Test
  @Order(8)
  void anExecutorStoppedWithSigtermHandsBackItsTasksAndTheQueryCompletes() throws Exception {
    List<List<String>> expected = inProcess(LONG_QUERY);
    Set<String> before = cluster.jobsOnDisk();
    CompletableFuture<List<List<String>>> answer = CompletableFuture.supplyAsync(() -> {
      try {
        return viaJdbc(LONG_QUERY);
      } catch (SQLException e) {
        throw new IllegalStateException(e);
      }
    });
    String jobId = awaitNewJob(before);
    await("exec-4 runs tasks of the job", () -> cluster.executorStates().get("exec-4").getAssignedTasks() > 0
        && cluster.jobStatus(jobId).getState() == JobState.RUNNING);
    ClusterProcess exec4 = cluster.executor("exec-4");
    int exitCode = exec4.terminate(WAIT);
    assertEquals(143, exitCode, "exits as a JVM does after SIGTERM, once drained:\n" + exec4.output());
    assertFalse(cluster.registeredExecutors().containsKey("exec-4"),
        "the scheduler forgot it when it stopped, without waiting for heartbeats to lapse");
    assertEquals(expected, answer.get(WAIT.toSeconds(), TimeUnit.SECONDS));

    String log = exec4.output();
    assertTrue(log.contains("draining (shutting down)"), log);
    assertTrue(log.contains("handing back") || log.contains("running tasks finished"), log);
    String schedulerLog = cluster.scheduler().output();
    assertTrue(schedulerLog.contains("executor exec-4 is draining"), schedulerLog);
    assertTrue(schedulerLog.contains("executor exec-4 has stopped"), schedulerLog);
    assertEquals(Set.of(), ProcessCluster.jobsIn(cluster.workDir("exec-4")), "it removed its job data on exit");
    assertEquals(new TreeSet<>(Set.of("exec-1", "exec-2", "exec-3")), new TreeSet<>(
        cluster.registeredExecutors().keySet()));
  }

  static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
