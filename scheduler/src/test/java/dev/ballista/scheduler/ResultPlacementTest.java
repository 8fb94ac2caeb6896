package dev.ballista.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ballista.executor.Executor;
import dev.ballista.executor.ExecutorConfig;
import dev.ballista.proto.CancelJobRequest;
import dev.ballista.proto.ExecuteQueryRequest;
import dev.ballista.proto.ExecuteQueryResponse;
import dev.ballista.proto.FlightTicket;
import dev.ballista.proto.GetJobStatusRequest;
import dev.ballista.proto.JobState;
import dev.ballista.proto.JobStatus;
import dev.ballista.proto.ListExecutorsRequest;
import dev.ballista.proto.ListExecutorsResponse;
import dev.ballista.proto.ResultPartition;
import dev.ballista.proto.SchedulerServiceGrpc;
import dev.ballista.proto.StageStatus;
import dev.ballista.tpch.TpchDataGenerator;
import io.grpc.ManagedChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where a query's results are, told while it runs: GetJobStatus with until_results_placed answers as soon as every
 * task of the final stage has an executor, with one result partition per task; from then on a final-stage task is
 * not run again elsewhere, since a client may hold rows of it.
 */
class ResultPlacementTest {
  /** About 36 million rows from a final-stage join (1024-row batches): running for far longer than the test looks. */
  static final String LONG_JOIN = "select a.l_orderkey, b.l_orderkey from lineitem a join lineitem b "
      + "on a.l_suppkey = b.l_suppkey";

  @TempDir
  static Path dir;
  static Scheduler scheduler;
  static ManagedChannel channel;
  static SchedulerServiceGrpc.SchedulerServiceBlockingStub client;

  @BeforeAll
  static void start() throws Exception {
    Path data = dir.resolve("tpch");
    TpchDataGenerator.builder(data, 0.01).filesPerTable(4).build().generate();
    scheduler = Scheduler.start(SchedulerConfig.defaults().withPort(-1).withBatchSize(1024));
    channel = scheduler.inProcessChannel();
    DistributedQueryTest.registerTables(scheduler.catalog(), data);
    client = SchedulerServiceGrpc.newBlockingStub(channel);
  }

  @AfterAll
  static void stop() throws Exception {
    channel.shutdownNow();
    scheduler.close();
  }

  static Executor executor(String id) throws Exception {
    return Executor.start(new ExecutorConfig(id, "127.0.0.1", "127.0.0.1", 0, 1, 384L << 20,
        dir.resolve("work").resolve(id), 500).withShutdownGrace(Duration.ZERO), channel);
  }

  static String submit(String sql) {
    ExecuteQueryResponse submitted = client.executeQuery(ExecuteQueryRequest.newBuilder().setSql(sql).build());
    assertTrue(submitted.hasJobId(), () -> "not submitted: " + submitted.getError());
    return submitted.getJobId();
  }

  static JobStatus untilResultsPlaced(String jobId) {
    return client.getJobStatus(GetJobStatusRequest.newBuilder().setJobId(jobId).setWaitMillis(60_000)
        .setUntilResultsPlaced(true).build()).getStatus();
  }

  static JobStatus awaitEnd(String jobId) {
    JobStatus status;
    do {
      status = client.getJobStatus(GetJobStatusRequest.newBuilder().setJobId(jobId).setWaitMillis(10_000).build())
          .getStatus();
    } while (status.getState() == JobState.RUNNING || status.getState() == JobState.QUEUED);
    return status;
  }

  static void cancel(String jobId) {
    assertTrue(client.cancelJob(CancelJobRequest.newBuilder().setJobId(jobId).build()).getCancelled());
  }

  /**
   * Executors close only once the scheduler has heard the end of every task it sent them and none runs: a task
   * still running (or whose launch is on its way) when its executor closes leaks its memory.
   */
  static void awaitIdle(Executor... executors) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    for (Executor e : executors) {
      while (e.runningTasks() > 0 || assignedTasks(e.id()) > 0) {
        assertTrue(System.nanoTime() < deadline, "tasks still run on " + e.id());
        Thread.sleep(10); // the executor's state, polled: nothing to wait on
      }
    }
  }

  static int assignedTasks(String executorId) {
    ListExecutorsResponse list = client.listExecutors(ListExecutorsRequest.getDefaultInstance());
    for (int i = 0; i < list.getExecutorsCount(); i++) {
      if (list.getExecutors(i).getId().equals(executorId)) {
        return list.getStates(i).getAssignedTasks();
      }
    }
    return 0; // gone: nothing more is sent to it
  }

  @Test
  void everyFinalStageTaskIsPlacedAtOnceAlsoThoseWaitingForASlot() throws Exception {
    try (Executor one = executor("place-1"); Executor two = executor("place-2")) {
      String busy = submit(LONG_JOIN);
      assertTrue(untilResultsPlaced(busy).getResultsPlaced(), "the long join's final tasks hold both slots");
      // A scan: its only stage is the final one (a task per slot), and none of its tasks can run yet.
      String jobId = submit("select * from lineitem");
      JobStatus status = untilResultsPlaced(jobId);
      assertTrue(status.getResultsPlaced(), status::toString);
      assertEquals(JobState.RUNNING, status.getState());
      StageStatus last = status.getStages(status.getStagesCount() - 1);
      assertEquals(2, last.getPartitions());
      assertEquals(2, last.getPendingTasks(), "all wait for a slot: " + last);
      assertEquals(2, status.getPartitionsCount(), "one partition per final-stage task");
      Set<String> executors = new HashSet<>();
      for (ResultPartition partition : status.getPartitionsList()) {
        FlightTicket ticket = FlightTicket.parseFrom(partition.getTicket());
        assertEquals("", ticket.getPath(), "a running task's result is named by its attempt, not a file");
        assertEquals(last.getStageId(), ticket.getStageId());
        assertTrue(partition.getPort() > 0);
        executors.add(partition.getExecutorId());
      }
      assertEquals(Set.of(one.id(), two.id()), executors, "spread over the executors");
      cancel(busy);
      assertEquals(JobState.COMPLETED, awaitEnd(jobId).getState(), "the pinned tasks ran once slots were free");
      awaitIdle(one, two);
    }
  }

  @Test
  void executeQueryCanAnswerWhereTheResultsAreInTheSameCall() throws Exception {
    try (Executor one = executor("direct-1"); Executor two = executor("direct-2")) {
      ExecuteQueryResponse placed = client.executeQuery(ExecuteQueryRequest.newBuilder()
          .setSql("select count(*) from nation").setWaitMillisForResults(10_000).build());
      assertTrue(placed.getStatus().getResultsPlaced(), placed::toString);
      assertEquals(placed.getJobId(), placed.getStatus().getJobId());
      assertEquals(1, placed.getStatus().getPartitionsCount());
      assertEquals(JobState.COMPLETED, awaitEnd(placed.getJobId()).getState());

      // With both slots taken, the grouping's first stage cannot run, so its final stage is not placed in time.
      String busy = submit(LONG_JOIN);
      assertTrue(untilResultsPlaced(busy).getResultsPlaced());
      ExecuteQueryResponse waiting = client.executeQuery(ExecuteQueryRequest.newBuilder()
          .setSql("select l_suppkey, count(*) from lineitem group by l_suppkey").setWaitMillisForResults(50).build());
      assertEquals(JobState.RUNNING, waiting.getStatus().getState(), waiting::toString);
      assertFalse(waiting.getStatus().getResultsPlaced(), waiting::toString);
      assertEquals(0, waiting.getStatus().getPartitionsCount(), waiting::toString);
      // Without the wait, the answer is the job id alone, as before.
      ExecuteQueryResponse plain = client.executeQuery(ExecuteQueryRequest.newBuilder().setSql("select 1").build());
      assertFalse(plain.hasStatus(), plain::toString);
      for (String jobId : List.of(busy, waiting.getJobId(), plain.getJobId())) {
        cancel(jobId);
      }
      awaitIdle(one, two);
    }
  }

  @Test
  void anExecutorLeavingAfterTheClientWasToldWhereResultsAreFailsTheJobInsteadOfRerunningItsTasks()
      throws Exception {
    try (Executor one = executor("lose-1"); Executor two = executor("lose-2")) {
      String jobId = submit(LONG_JOIN);
      JobStatus placed = untilResultsPlaced(jobId);
      assertEquals(JobState.RUNNING, placed.getState());
      String holder = placed.getPartitions(0).getExecutorId();
      Executor victim = holder.equals(one.id()) ? one : two;
      victim.drain("test"); // grace 0: its running task is handed back at once

      JobStatus status = awaitEnd(jobId);
      assertEquals(JobState.FAILED, status.getState());
      assertEquals("EXECUTOR_LOST", status.getError().getCode());
      assertTrue(status.getError().getMessage().contains("run the query again"), status.getError().getMessage());
      awaitIdle(one, two);
    }
  }

  @Test
  void withoutAClientToldTheLossOfAnExecutorIsStillRecoveredFrom() throws Exception {
    try (Executor one = executor("keep-1"); Executor two = executor("keep-2")) {
      String sql = "select count(*) from lineitem a join lineitem b on a.l_partkey = b.l_partkey";
      String jobId = submit(sql);
      one.drain("test");
      JobStatus status = awaitEnd(jobId);
      assertEquals(JobState.COMPLETED, status.getState(), () -> status.getError().toString());
      assertEquals(List.of(two.id()), status.getPartitionsList().stream().map(ResultPartition::getExecutorId)
          .toList());
      awaitIdle(one, two);
    }
  }
}
