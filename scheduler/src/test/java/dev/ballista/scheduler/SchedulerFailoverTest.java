package dev.ballista.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ballista.engine.catalog.Catalog;
import dev.ballista.engine.catalog.TableLoader;
import dev.ballista.engine.dist.LocalQueryRunner;
import dev.ballista.engine.exec.scan.FileFormatKind;
import dev.ballista.executor.Executor;
import dev.ballista.executor.ExecutorConfig;
import dev.ballista.proto.ExecuteQueryRequest;
import dev.ballista.proto.ExecuteQueryResponse;
import dev.ballista.proto.ExecutorMetadata;
import dev.ballista.proto.GetJobStatusRequest;
import dev.ballista.proto.JobState;
import dev.ballista.proto.JobStatus;
import dev.ballista.proto.ListExecutorsRequest;
import dev.ballista.proto.SchedulerServiceGrpc;
import dev.ballista.scheduler.state.EtcdProcess;
import dev.ballista.scheduler.state.EtcdStateStore;
import dev.ballista.tpch.TpchDataGenerator;
import dev.ballista.tpch.TpchQueries;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two schedulers on one real etcd, executors that list both addresses: the leader dies (stops serving and its
 * lease runs out, as a crashed process's would), the standby takes over with the stored catalog, executors and
 * jobs, the job in flight at the crash completes with the right rows, and so does a query submitted afterwards.
 */
class SchedulerFailoverTest {
  private static final long LEASE_TTL_SECONDS = 3;

  @TempDir
  Path dir;

  @Test
  void theStandbyTakesOverTablesExecutorsAndJobsWhenTheLeaderDies() throws Exception {
    // Generated once and reused by later runs (the generator keeps complete tables).
    Path data = Path.of("target", "tpch-sf0.1").toAbsolutePath();
    TpchDataGenerator.builder(data, 0.1).filesPerTable(4).build().generate();
    List<AutoCloseable> closing = new ArrayList<>();
    try (EtcdProcess etcd = EtcdProcess.start(); BufferAllocator allocator = new RootAllocator()) {
      int portA = freePort();
      int portB = freePort();
      Scheduler leader = Scheduler.startAsLeader(config(portA), EtcdStateStore.connect(etcd.endpoint(), "/ballista/"),
          "127.0.0.1:" + portA, LEASE_TTL_SECONDS);
      closing.add(leader);
      try (Stream<Path> dirs = Files.list(data)) {
        for (Path table : dirs.filter(Files::isDirectory).toList()) {
          leader.registerTable(TableLoader.load(Catalog.DEFAULT_SCHEMA, table.getFileName().toString(),
              FileFormatKind.PARQUET, table, Map.of()));
        }
      }
      CompletableFuture<Scheduler> standby = CompletableFuture.supplyAsync(() -> {
        try {
          return Scheduler.startAsLeader(config(portB), EtcdStateStore.connect(etcd.endpoint(), "/ballista/"),
              "127.0.0.1:" + portB, LEASE_TTL_SECONDS);
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });

      ManagedChannel channel = SchedulerAddresses.channel("127.0.0.1:" + portA + ",127.0.0.1:" + portB);
      closing.add(channel::shutdownNow);
      for (int i = 0; i < 2; i++) {
        closing.add(Executor.start(new ExecutorConfig("exec-" + i, "127.0.0.1", "127.0.0.1", 0, 2, 1L << 30,
            dir.resolve("work-" + i), 200), channel));
      }
      var client = SchedulerServiceGrpc.newBlockingStub(channel);
      Catalog localCatalog = new Catalog();
      try (Stream<Path> dirs = Files.list(data)) {
        for (Path table : dirs.filter(Files::isDirectory).toList()) {
          localCatalog.register(TableLoader.load(Catalog.DEFAULT_SCHEMA, table.getFileName().toString(),
              FileFormatKind.PARQUET, table, Map.of()), false);
        }
      }
      LocalQueryRunner local = new LocalQueryRunner(localCatalog, 4, dir.resolve("local"), allocator);
      closing.add(local);
      String q3 = TpchQueries.all().get(2).sql();
      // Multi-stage and long enough (an 18-million-row join) to be caught in the middle.
      String inFlightSql = "select count(*), sum(a.l_quantity), max(b.l_orderkey) from lineitem a "
          + "join lineitem b on a.l_partkey = b.l_partkey";
      String q5 = TpchQueries.all().get(4).sql();

      assertRows(local, q3, await(client, submit(client, q3)), allocator);
      // Ready for the test: the standby campaigns (it holds a key in the election) and waits.
      EtcdStateStore observer = EtcdStateStore.connect(etcd.endpoint(), "/ballista/");
      closing.add(observer::close);
      awaitState(() -> observer.candidates() == 2, "the standby campaigns");
      assertFalse(standby.isDone(), "the standby must wait while the leader lives");

      // The leader crashes in the middle of a job, once at least one of its tasks is finished and stored.
      String inFlight = submit(client, inFlightSql);
      awaitState(() -> storedTasks(observer, inFlight) > 0, "a task of the job is stored");
      long storedAtCrash = storedTasks(observer, inFlight);
      long crashed = System.nanoTime();
      leader.crash();
      assertEquals(JobState.RUNNING, observer.load().jobs().stream().filter(j -> j.getJobId().equals(inFlight))
          .findFirst().orElseThrow().getState(), "the job must be in flight in etcd when the leader crashes");
      Scheduler newLeader = standby.get(30, TimeUnit.SECONDS);
      closing.add(newLeader);
      long takeoverMillis = (System.nanoTime() - crashed) / 1_000_000;
      assertTrue(takeoverMillis >= (LEASE_TTL_SECONDS - 1) * 1000,
          "took over after " + takeoverMillis + " ms, before the crashed leader's lease could expire");
      assertTrue(takeoverMillis < 15_000, "takeover took " + takeoverMillis + " ms");

      // The new leader knows the executors from the store, before any of them registers again, and resumes the
      // job: the tasks stored before the crash are done, not rerun.
      List<String> executorIds = new ArrayList<>();
      var newLeaderClient = SchedulerServiceGrpc.newBlockingStub(newLeader.inProcessChannel());
      for (ExecutorMetadata e : newLeaderClient.listExecutors(ListExecutorsRequest.getDefaultInstance())
          .getExecutorsList()) {
        executorIds.add(e.getId());
      }
      assertEquals(List.of("exec-0", "exec-1"), executorIds);
      assertEquals(8, newLeader.catalog().tables(Catalog.DEFAULT_SCHEMA).size());
      JobStatus resumed = newLeaderClient.getJobStatus(GetJobStatusRequest.newBuilder().setJobId(inFlight).build())
          .getStatus();
      assertTrue(resumed.getCompletedTasks() >= storedAtCrash,
          "the new leader knows " + resumed.getCompletedTasks() + " finished tasks, " + storedAtCrash + " were stored");

      assertRows(local, inFlightSql, await(client, inFlight), allocator);
      long completedMillis = (System.nanoTime() - crashed) / 1_000_000;
      System.out.printf("failover: %d tasks stored at the crash, takeover after %d ms, job completed %d ms after "
          + "the crash%n", storedAtCrash, takeoverMillis, completedMillis);
      assertRows(local, q5, await(client, submit(client, q5)), allocator);
    } finally {
      for (int i = closing.size() - 1; i >= 0; i--) {
        closing.get(i).close();
      }
    }
  }

  private static long storedTasks(EtcdStateStore store, String jobId) {
    return store.load().tasks().stream().filter(t -> t.getJobId().equals(jobId)).count();
  }

  interface Condition {
    boolean holds() throws Exception;
  }

  /** Waits for a state (polled), failing after 60 s with what was awaited. */
  private static void awaitState(Condition condition, String what) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!condition.holds()) {
      assertTrue(System.nanoTime() < deadline, "timed out waiting until " + what);
      Thread.sleep(20);
    }
  }

  private static SchedulerConfig config(int port) {
    return new SchedulerConfig("127.0.0.1", port, 5_000, 4, 16 * 1024, -1);
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static String submit(SchedulerServiceGrpc.SchedulerServiceBlockingStub client, String sql) {
    ExecuteQueryResponse submitted = client.withWaitForReady().withDeadlineAfter(30, TimeUnit.SECONDS)
        .executeQuery(ExecuteQueryRequest.newBuilder().setSql(sql).build());
    assertTrue(submitted.hasJobId(), () -> "not submitted: " + submitted.getError());
    return submitted.getJobId();
  }

  /** Polls the job as a gateway would, through the failover (a poll cut off by the crash is asked again). */
  private static JobStatus await(SchedulerServiceGrpc.SchedulerServiceBlockingStub client, String jobId) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (true) {
      try {
        JobStatus status = client.withWaitForReady().withDeadlineAfter(20, TimeUnit.SECONDS)
            .getJobStatus(GetJobStatusRequest.newBuilder().setJobId(jobId).setWaitMillis(5_000).build())
            .getStatus();
        if (status.getState() != JobState.RUNNING && status.getState() != JobState.QUEUED) {
          return status;
        }
        assertTrue(System.nanoTime() < deadline, "job " + jobId + " did not finish: " + status);
      } catch (StatusRuntimeException e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
      }
    }
  }

  private static void assertRows(LocalQueryRunner local, String sql, JobStatus status, BufferAllocator allocator)
      throws Exception {
    assertEquals(JobState.COMPLETED, status.getState(), () -> status.getError().toString());
    List<List<Object>> expected = DistributedQueryTest.normalize(local.sql(sql).rows());
    List<List<Object>> actual = DistributedQueryTest.fetch(status, allocator);
    assertFalse(expected.isEmpty());
    assertEquals(new HashSet<>(expected), new HashSet<>(actual));
    assertEquals(expected.size(), actual.size());
  }
}
