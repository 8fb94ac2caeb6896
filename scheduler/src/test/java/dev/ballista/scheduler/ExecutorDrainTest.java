package dev.ballista.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ballista.engine.catalog.Catalog;
import dev.ballista.engine.dist.LocalQueryRunner;
import dev.ballista.executor.Executor;
import dev.ballista.executor.ExecutorConfig;
import dev.ballista.proto.ExecuteQueryRequest;
import dev.ballista.proto.ExecuteQueryResponse;
import dev.ballista.proto.ExecutorState;
import dev.ballista.proto.GetJobStatusRequest;
import dev.ballista.proto.JobState;
import dev.ballista.proto.JobStatus;
import dev.ballista.proto.ListExecutorsRequest;
import dev.ballista.proto.ListExecutorsResponse;
import dev.ballista.proto.SchedulerServiceGrpc;
import dev.ballista.proto.StageStatus;
import dev.ballista.proto.TaskSummary;
import dev.ballista.tpch.TpchDataGenerator;
import io.grpc.ManagedChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Graceful shutdown of an executor in the middle of a query: it stops taking tasks, the scheduler hears it is
 * draining, its running tasks either finish within the grace period or are handed back and run elsewhere, and the
 * query's answer is the in-process one either way.
 */
class ExecutorDrainTest {
  /**
   * Long enough that its tasks are caught running: about 36 million joined rows at SF 0.01 (supplier keys repeat
   * some 600 times). The join on part keys (1.8 million rows) once finished between the check and the drain.
   */
  static final String QUERY = "select count(*), sum(a.l_quantity), max(b.l_orderkey) from lineitem a "
      + "join lineitem b on a.l_suppkey = b.l_suppkey";

  @TempDir
  static Path dir;
  static Scheduler scheduler;
  static ManagedChannel channel;
  static Executor stable;
  static BufferAllocator allocator;
  static LocalQueryRunner local;
  static SchedulerServiceGrpc.SchedulerServiceBlockingStub client;
  static List<List<Object>> expected;

  @BeforeAll
  static void start() throws Exception {
    Path data = dir.resolve("tpch");
    TpchDataGenerator.builder(data, 0.01).filesPerTable(2).build().generate();
    scheduler = Scheduler.start(SchedulerConfig.defaults().withPort(-1));
    channel = scheduler.inProcessChannel();
    stable = Executor.start(config("stable", Duration.ofSeconds(30)), channel);
    DistributedQueryTest.registerTables(scheduler.catalog(), data);
    Catalog localCatalog = new Catalog();
    DistributedQueryTest.registerTables(localCatalog, data);
    allocator = new RootAllocator();
    local = new LocalQueryRunner(localCatalog, 4, dir.resolve("local"), allocator);
    client = SchedulerServiceGrpc.newBlockingStub(channel);
    expected = DistributedQueryTest.normalize(local.sql(QUERY).rows());
  }

  static ExecutorConfig config(String id, Duration grace) {
    return new ExecutorConfig(id, "127.0.0.1", "127.0.0.1", 0, 2, 1L << 30, dir.resolve("work").resolve(id), 500)
        .withShutdownGrace(grace);
  }

  @AfterAll
  static void stop() throws Exception {
    local.close();
    stable.close();
    channel.shutdownNow();
    scheduler.close();
    allocator.close();
  }

  static String submit() {
    ExecuteQueryResponse submitted = client.executeQuery(ExecuteQueryRequest.newBuilder().setSql(QUERY).build());
    assertTrue(submitted.hasJobId(), () -> "not submitted: " + submitted.getError());
    return submitted.getJobId();
  }

  static JobStatus await(String jobId) {
    JobStatus status;
    do {
      status = client.getJobStatus(GetJobStatusRequest.newBuilder().setJobId(jobId).setWaitMillis(10_000).build())
          .getStatus();
    } while (status.getState() == JobState.RUNNING || status.getState() == JobState.QUEUED);
    return status;
  }

  static void awaitRunningTasks(Executor executor) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (executor.runningTasks() == 0) {
      assertTrue(System.nanoTime() < deadline, "no task ever ran on " + executor.id());
      Thread.onSpinWait();
    }
  }

  /**
   * Waits until the executor runs a task of the join's stage, which takes seconds: the scan stages before it take
   * milliseconds, so a drain right after one of them is seen running can find it already finished.
   */
  static void awaitJoinTaskRunning(String jobId, Executor executor) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (true) {
      JobStatus status = client.getJobStatus(GetJobStatusRequest.newBuilder().setJobId(jobId).setWithTasks(true)
          .build()).getStatus();
      for (StageStatus stage : status.getStagesList()) {
        boolean joins = stage.getPlanList().stream().anyMatch(line -> line.contains("HashJoinExec"));
        for (TaskSummary task : stage.getTasksList()) {
          if (joins && task.getState().equals("RUNNING") && task.getExecutorId().equals(executor.id())) {
            // The scheduler marks a task running when it sends it; the executor may not have it yet.
            awaitRunningTasks(executor);
            return;
          }
        }
      }
      assertTrue(System.nanoTime() < deadline, "no join task ever ran on " + executor.id() + ": " + status);
      Thread.sleep(1); // the job's state, polled: nothing to wait on
    }
  }

  static List<String> executorIds() {
    ListExecutorsResponse list = client.listExecutors(ListExecutorsRequest.getDefaultInstance());
    List<String> ids = new ArrayList<>();
    list.getExecutorsList().forEach(e -> ids.add(e.getId()));
    return ids;
  }

  @Test
  void tasksStillRunningAtTheEndOfTheGracePeriodAreHandedBackAndRunElsewhere() throws Exception {
    Executor leaving = Executor.start(config("leaving-at-once", Duration.ZERO), channel);
    String jobId = submit();
    awaitJoinTaskRunning(jobId, leaving);
    int handedBack = leaving.drain("test");
    assertTrue(handedBack > 0, "a running task was stopped and handed back");
    assertFalse(executorIds().contains(leaving.id()), "the scheduler forgot it as soon as it stopped");
    leaving.close();

    JobStatus status = await(jobId);
    assertEquals(JobState.COMPLETED, status.getState(), () -> status.getError().toString());
    assertEquals(expected, DistributedQueryTest.normalize(DistributedQueryTest.fetch(status, allocator)));
    for (var p : status.getPartitionsList()) {
      assertEquals(stable.id(), p.getExecutorId());
    }
  }

  @Test
  void runningTasksFinishWithinTheGracePeriodAndNoNewOnesArrive() throws Exception {
    Executor leaving = Executor.start(config("leaving-gracefully", Duration.ofSeconds(60)), channel);
    String jobId = submit();
    awaitRunningTasks(leaving);
    CompletableFuture<Integer> drained = CompletableFuture.supplyAsync(() -> {
      try {
        return leaving.drain("test");
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    });
    // While it drains, the scheduler lists it as draining (until it has stopped).
    boolean sawDraining = false;
    while (!drained.isDone()) {
      ListExecutorsResponse list = client.listExecutors(ListExecutorsRequest.getDefaultInstance());
      for (ExecutorState s : list.getStatesList()) {
        sawDraining |= s.getExecutorId().equals(leaving.id()) && s.getDraining();
      }
      Thread.sleep(5);
    }
    assertEquals(0, drained.get(), "nothing had to be handed back");
    assertFalse(executorIds().contains(leaving.id()));
    JobStatus status = await(jobId);
    leaving.close();
    assertEquals(JobState.COMPLETED, status.getState(), () -> status.getError().toString());
    assertEquals(expected, DistributedQueryTest.normalize(DistributedQueryTest.fetch(status, allocator)));
    assertTrue(sawDraining || drained.isDone(), "draining state visible");
  }
}
