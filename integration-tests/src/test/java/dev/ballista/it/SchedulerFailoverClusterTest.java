package dev.ballista.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ballista.cli.ParquetTables;
import dev.ballista.engine.catalog.Catalog;
import dev.ballista.engine.dist.LocalQueryRunner;
import dev.ballista.proto.ExecutorMetadata;
import dev.ballista.proto.GetJobStatusRequest;
import dev.ballista.proto.JobState;
import dev.ballista.proto.JobStatus;
import dev.ballista.proto.ListExecutorsRequest;
import dev.ballista.proto.SchedulerServiceGrpc;
import dev.ballista.proto.StoredJob;
import dev.ballista.scheduler.state.EtcdProcess;
import dev.ballista.scheduler.state.EtcdStateStore;
import dev.ballista.tpch.TpchDataGenerator;
import dev.ballista.tpch.TpchQueries;
import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.Test;

/**
 * Scheduler failover with real processes: etcd, two schedulers ({@code ballista scheduler --state etcd}), two
 * executors and a Flight SQL gateway that list both schedulers, all separate processes on loopback. The leader is
 * killed with -9 in the middle of a multi-stage query; the standby (started without {@code --tables}: it knows the
 * catalog from etcd alone) takes over once the dead leader's lease expires, resumes the job with the tasks stored
 * before the kill, and the JDBC client gets the single-process answer; a later query runs on the new leader.
 */
class SchedulerFailoverClusterTest {
  /**
   * Above the CLI's default of 5 s: in CI four JVMs and etcd start on two cores, and a leader's first renewals
   * went unanswered for 5 s.
   */
  static final long LEASE_TTL_SECONDS = 8;
  static final Duration WAIT = MultiProcessClusterTest.WAIT;

  @Test
  void killingTheLeaderMidQueryChangesNotTheAnswer() throws Exception {
    Path target = Path.of("target").toAbsolutePath();
    Path data = target.resolve("tpch-sf" + MultiProcessClusterTest.SCALE_FACTOR);
    TpchDataGenerator.builder(data, MultiProcessClusterTest.SCALE_FACTOR).filesPerTable(4).build().generate();
    Path root = target.resolve("it-failover");
    MultiProcessClusterTest.deleteRecursively(root);
    Path logs = root.resolve("logs");
    List<AutoCloseable> closing = new ArrayList<>();
    List<ClusterProcess> processes = new ArrayList<>();
    try (EtcdProcess etcd = EtcdProcess.start(); BufferAllocator allocator = new RootAllocator()) {
      int portA = freePort();
      int portB = freePort();
      String schedulers = "127.0.0.1:" + portA + ",127.0.0.1:" + portB;
      ClusterProcess leader = ClusterProcess.start("scheduler-a", logs, scheduler(etcd, portA, "--tables",
          data.toString()), Map.of());
      processes.add(leader);
      closing.add(leader);
      leader.awaitLine("Scheduler listening on", WAIT);
      ClusterProcess standby = ClusterProcess.start("scheduler-b", logs, scheduler(etcd, portB), Map.of());
      processes.add(standby);
      closing.add(standby);

      EtcdStateStore observer = EtcdStateStore.connect(etcd.endpoint(), "/ballista/");
      closing.add(observer::close);
      await("the standby campaigns", () -> observer.candidates() == 2, processes);

      for (int i = 1; i <= 2; i++) {
        ClusterProcess executor = ClusterProcess.start("exec-" + i, logs, List.of("executor", "--id", "exec-" + i,
            "--scheduler", schedulers, "--port", "0", "--slots", "2", "--memory", "384", "--work-dir",
            root.resolve("work-" + i).toString(), "--heartbeat-interval", "500ms"), Map.of());
        processes.add(executor);
        closing.add(executor);
      }
      ClusterProcess gateway = ClusterProcess.start("gateway", logs, List.of("gateway", "--scheduler", schedulers,
          "--port", "0"), Map.of());
      processes.add(gateway);
      closing.add(gateway);
      String jdbcUrl = "jdbc:ballista://127.0.0.1:"
          + gateway.awaitLine("Flight SQL gateway on [^:]+:(\\d+)", WAIT);
      for (ClusterProcess p : processes.subList(2, 4)) {
        p.awaitLine("Executor \\S+ serving on", WAIT);
      }
      assertFalse(standby.output().contains("Scheduler listening on"), "the standby must wait while the leader lives");

      Catalog catalog = new Catalog();
      ParquetTables.register(catalog, data);
      LocalQueryRunner local = new LocalQueryRunner(catalog, 4, root.resolve("local"), allocator);
      closing.add(local);
      String q3 = TpchQueries.query(3).sql();
      assertEquals(ResultRows.of(local.sql(q3)), viaJdbc(jdbcUrl, q3));

      // The leader is killed in the middle of a multi-stage query, once tasks of it are finished and stored.
      String longQuery = MultiProcessClusterTest.LONG_QUERY;
      List<List<String>> expected = ResultRows.of(local.sql(longQuery));
      Set<String> jobsBefore = jobIds(observer);
      CompletableFuture<List<List<String>>> answer = CompletableFuture.supplyAsync(() -> {
        try {
          return viaJdbc(jdbcUrl, longQuery);
        } catch (SQLException e) {
          throw new IllegalStateException(e);
        }
      });
      String[] jobId = new String[1];
      await("a task of the query is stored in etcd", () -> {
        Set<String> now = jobIds(observer);
        now.removeAll(jobsBefore);
        if (now.isEmpty()) {
          return false;
        }
        jobId[0] = now.iterator().next();
        return observer.load().tasks().stream().anyMatch(t -> t.getJobId().equals(jobId[0]));
      }, processes);
      long storedAtKill = observer.load().tasks().stream().filter(t -> t.getJobId().equals(jobId[0])).count();
      assertEquals(JobState.RUNNING, storedJob(observer, jobId[0]).getState(), "the query ended before the kill");
      long killed = System.nanoTime();
      leader.kill();

      standby.awaitLine("Scheduler listening on", WAIT);
      long takeoverMillis = (System.nanoTime() - killed) / 1_000_000;
      assertTrue(takeoverMillis >= (LEASE_TTL_SECONDS - 1) * 1000,
          "took over after " + takeoverMillis + " ms, before the killed leader's lease could expire");
      Matcher resumed = Pattern.compile("job " + jobId[0] + " resumes after failover: (\\d+) of (\\d+) tasks")
          .matcher(standby.awaitLine("(job " + jobId[0] + " resumes after failover: .*)", WAIT));
      assertTrue(resumed.find());
      assertTrue(Long.parseLong(resumed.group(1)) >= storedAtKill, "the new leader kept " + resumed.group(1)
          + " finished tasks; " + storedAtKill + " were stored before the kill");

      assertEquals(expected, answer.get(WAIT.toSeconds(), TimeUnit.SECONDS));
      long completedMillis = (System.nanoTime() - killed) / 1_000_000;

      ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", portB).usePlaintext().build();
      closing.add(channel::shutdownNow);
      var newLeader = SchedulerServiceGrpc.newBlockingStub(channel);
      JobStatus status = newLeader.withDeadlineAfter(30, TimeUnit.SECONDS)
          .getJobStatus(GetJobStatusRequest.newBuilder().setJobId(jobId[0]).build()).getStatus();
      assertEquals(JobState.COMPLETED, status.getState());
      Set<String> executors = new TreeSet<>();
      for (ExecutorMetadata e : newLeader.withDeadlineAfter(30, TimeUnit.SECONDS)
          .listExecutors(ListExecutorsRequest.getDefaultInstance()).getExecutorsList()) {
        executors.add(e.getId());
      }
      assertEquals(Set.of("exec-1", "exec-2"), executors);
      // Its web UI says who leads.
      String webUi = standby.awaitLine("Web UI: (\\S+)", WAIT);
      String state = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(webUi + "api/state")).build(),
          HttpResponse.BodyHandlers.ofString()).body();
      assertTrue(state.contains("\"stateStore\":\"etcd\""), state);
      assertTrue(state.contains("\"leader\":\"127.0.0.1:" + portB + "\""), state);

      // The new leader serves new queries over the catalog it read from etcd.
      String q5 = TpchQueries.query(5).sql();
      assertEquals(ResultRows.of(local.sql(q5)), viaJdbc(jdbcUrl, q5));
      System.out.printf("scheduler failover (lease TTL %d s): %d of %s tasks stored at the kill, standby serving "
          + "%d ms after it, query answered %d ms after it%n", LEASE_TTL_SECONDS, storedAtKill, resumed.group(2),
          takeoverMillis, completedMillis);
    } catch (Throwable t) {
      StringBuilder out = new StringBuilder();
      for (ClusterProcess p : processes) {
        out.append("\n===== ").append(p.name()).append('\n').append(p.output());
      }
      System.err.println("failover cluster logs:" + out);
      throw t;
    } finally {
      for (int i = closing.size() - 1; i >= 0; i--) {
        closing.get(i).close();
      }
    }
  }

  private static List<String> scheduler(EtcdProcess etcd, int port, String... extra) {
    List<String> args = new ArrayList<>(List.of("scheduler", "--state", "etcd", "--etcd-endpoints", etcd.endpoint(),
        "--port", Integer.toString(port), "--advertise", "127.0.0.1:" + port, "--http-port", "0",
        "--lease-ttl", Long.toString(LEASE_TTL_SECONDS), "--executor-timeout",
        Long.toString(ProcessCluster.EXECUTOR_TIMEOUT_MILLIS)));
    args.addAll(List.of(extra));
    return args;
  }

  private static Set<String> jobIds(EtcdStateStore store) {
    Set<String> ids = new TreeSet<>();
    store.load().jobs().forEach(j -> ids.add(j.getJobId()));
    return ids;
  }

  private static StoredJob storedJob(EtcdStateStore store, String jobId) {
    return store.load().jobs().stream().filter(j -> j.getJobId().equals(jobId)).findFirst().orElseThrow();
  }

  private static List<List<String>> viaJdbc(String url, String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(url);
         Statement s = c.createStatement();
         ResultSet rs = s.executeQuery(sql)) {
      return ResultRows.of(rs);
    }
  }

  interface Condition {
    boolean holds() throws Exception;
  }

  private static void await(String what, Condition condition, List<ClusterProcess> processes) throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.holds()) {
      for (ClusterProcess p : processes) {
        if (!p.isAlive()) {
          throw new AssertionError(p.name() + " exited while waiting until " + what);
        }
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting until " + what);
      }
      Thread.sleep(20);
    }
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
