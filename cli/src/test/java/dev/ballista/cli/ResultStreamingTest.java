package dev.ballista.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ballista.executor.Executor;
import dev.ballista.executor.ExecutorConfig;
import dev.ballista.gateway.FlightSqlGateway;
import dev.ballista.gateway.GatewayConfig;
import dev.ballista.proto.GetJobStatusRequest;
import dev.ballista.proto.JobState;
import dev.ballista.proto.SchedulerServiceGrpc;
import dev.ballista.scheduler.Scheduler;
import dev.ballista.scheduler.SchedulerConfig;
import io.grpc.ManagedChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.apache.arrow.flight.CancelFlightInfoRequest;
import org.apache.arrow.flight.CancelStatus;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightEndpoint;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStatusCode;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.sql.FlightSqlClient;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Results stream to a Flight SQL client while their job runs: GetFlightInfo answers once the final stage's tasks
 * are placed, and DoGet of each endpoint follows its task's output as it is written. A real cluster in one JVM
 * (scheduler, two executors of one slot, gateway) over TPC-H SF 0.01, with batches of 1024 rows so that the final
 * stage of {@link #LONG_JOIN} writes thousands of them.
 */
class ResultStreamingTest {
  /** Every lineitem row with each row of the same supplier: about 36 million rows, from a final-stage join. */
  static final String LONG_JOIN = "select a.l_orderkey, b.l_orderkey, a.l_partkey, b.l_partkey "
      + "from lineitem a join lineitem b on a.l_suppkey = b.l_suppkey";
  static final long WAIT_MILLIS = 60_000;

  @TempDir
  static Path dir;
  static Scheduler scheduler;
  static ManagedChannel channel;
  static final List<Executor> executors = new ArrayList<>();
  static FlightSqlGateway gateway;
  /** Streams results through itself (clients that cannot reach executors). */
  static FlightSqlGateway proxy;
  static BufferAllocator allocator;
  static SchedulerServiceGrpc.SchedulerServiceBlockingStub jobs;

  @BeforeAll
  static void start() throws Exception {
    Path data = TestClusters.tpchData(dir);
    scheduler = Scheduler.start(SchedulerConfig.defaults().withPort(-1).withBatchSize(1024));
    channel = scheduler.inProcessChannel();
    for (int i = 1; i <= 2; i++) {
      String id = "executor-" + i;
      executors.add(Executor.start(new ExecutorConfig(id, "127.0.0.1", "127.0.0.1", 0, 1, 384L << 20,
          dir.resolve("work").resolve(id), 1000), channel));
    }
    ParquetTables.register(scheduler.catalog(), data);
    gateway = new FlightSqlGateway(GatewayConfig.forScheduler(channel).withBind("127.0.0.1", 0)).start();
    proxy = new FlightSqlGateway(GatewayConfig.forScheduler(channel).withBind("127.0.0.1", 0)
        .withProxyResults(true)).start();
    jobs = SchedulerServiceGrpc.newBlockingStub(channel);
    allocator = new RootAllocator();
  }

  @AfterAll
  static void stop() throws Exception {
    gateway.close();
    proxy.close();
    for (Executor e : executors) {
      e.close();
    }
    channel.shutdownNow();
    scheduler.close();
    allocator.close();
  }

  @Test
  void theFirstBatchArrivesWhileTheJobRunsAndCancellingLeavesNoTasksAndNoFiles() throws Exception {
    try (FlightSqlClient sql = client()) {
      FlightInfo info = sql.execute(LONG_JOIN);
      String jobId = jobId(info);
      assertEquals(JobState.RUNNING, state(jobId), "GetFlightInfo answered while the job runs");
      assertEquals(-1, info.getRecords(), "a running job's size is unknown");
      FlightEndpoint first = info.getEndpoints().get(0);
      try (FlightClient executor = FlightClient.builder(allocator, first.getLocations().get(0)).build();
           FlightStream stream = executor.getStream(first.getTicket())) {
        assertTrue(stream.next());
        assertTrue(stream.getRoot().getRowCount() > 0);
        assertEquals(JobState.RUNNING, state(jobId), "the first batch arrived before the job finished");

        assertEquals(CancelStatus.CANCELLED,
            sql.cancelFlightInfo(new CancelFlightInfoRequest(info)).getStatus());
        FlightRuntimeException error = assertThrows(FlightRuntimeException.class, () -> drain(stream),
            "the stream of a cancelled query must not end as if complete");
        assertEquals(FlightStatusCode.CANCELLED, error.status().code(), error.toString());
      }
      assertEquals(JobState.CANCELLED, state(jobId));
      await("no executor runs a task of the job or holds its files", () -> nothingLeftOf(jobId));
    }
  }

  @Test
  void aFailureInTheFinalStageAfterRowsWereStreamedEndsTheClientsStreamWithTheError() throws Exception {
    try (FlightSqlClient sql = client()) {
      long maxKey = singleLong(sql, "select max(l_orderkey) from lineitem");
      // Zero only for the pairs of the last order's rows (a row always pairs with itself): the last rows the
      // join's probe side reads, long after the first batches went out. Both sides in it, so it is evaluated
      // after the join, in the final stage.
      FlightInfo info = sql.execute("select a.l_orderkey, 1 / (a.l_orderkey + b.l_orderkey - " + 2 * maxKey
          + ") from lineitem a join lineitem b on a.l_suppkey = b.l_suppkey");
      String jobId = jobId(info);
      long batches = 0;
      FlightRuntimeException error = null;
      for (FlightEndpoint endpoint : info.getEndpoints()) {
        try (FlightClient executor = FlightClient.builder(allocator, endpoint.getLocations().get(0)).build();
             FlightStream stream = executor.getStream(endpoint.getTicket())) {
          while (stream.next()) {
            batches++;
          }
        } catch (FlightRuntimeException e) {
          error = e;
          break;
        }
      }
      assertNotNull(error, "the result ended as if complete");
      assertTrue(batches > 0, "rows were streamed before the failure");
      assertEquals(FlightStatusCode.INVALID_ARGUMENT, error.status().code(), error.toString());
      assertEquals("division by zero", error.status().description());
      await("the job failed", () -> state(jobId) == JobState.FAILED);
      await("no executor runs a task of the job or holds its files", () -> nothingLeftOf(jobId));
    }
  }

  @Test
  void throughAProxyingGatewayTheFirstBatchAlsoArrivesWhileTheJobRunsAndACancelEndsTheStream() throws Exception {
    try (FlightClient flight = FlightClient.builder(allocator,
            Location.forGrpcInsecure("127.0.0.1", proxy.port())).build();
         FlightSqlClient sql = new FlightSqlClient(flight)) {
      FlightInfo info = sql.execute(LONG_JOIN);
      String jobId = jobId(info);
      FlightEndpoint first = info.getEndpoints().get(0);
      assertTrue(first.getLocations().isEmpty(), "fetched from the gateway");
      try (FlightStream stream = flight.getStream(first.getTicket())) {
        assertTrue(stream.next());
        assertEquals(JobState.RUNNING, state(jobId), "the first batch arrived before the job finished");
        assertEquals(CancelStatus.CANCELLED,
            sql.cancelFlightInfo(new CancelFlightInfoRequest(info)).getStatus());
        FlightRuntimeException error = assertThrows(FlightRuntimeException.class, () -> drain(stream));
        assertEquals(FlightStatusCode.CANCELLED, error.status().code(), error.toString());
      }
      await("no executor runs a task of the job or holds its files", () -> nothingLeftOf(jobId));
    }
  }

  private static FlightSqlClient client() {
    return new FlightSqlClient(FlightClient.builder(allocator,
        Location.forGrpcInsecure("127.0.0.1", gateway.port())).build());
  }

  private static String jobId(FlightInfo info) {
    return new String(info.getAppMetadata(), StandardCharsets.UTF_8);
  }

  private static JobState state(String jobId) {
    return jobs.getJobStatus(GetJobStatusRequest.newBuilder().setJobId(jobId).build()).getStatus().getState();
  }

  private static void drain(FlightStream stream) {
    while (stream.next()) {
      // the rows the executor sent before it noticed the cancel
    }
  }

  private static long singleLong(FlightSqlClient sql, String query) throws Exception {
    FlightInfo info = sql.execute(query);
    try (FlightClient executor = FlightClient.builder(allocator,
            info.getEndpoints().get(0).getLocations().get(0)).build();
         FlightStream stream = executor.getStream(info.getEndpoints().get(0).getTicket())) {
      assertTrue(stream.next());
      return ((BigIntVector) stream.getRoot().getVector(0)).get(0);
    }
  }

  private static boolean nothingLeftOf(String jobId) {
    for (Executor e : executors) {
      if (e.runningTasks() > 0 || Files.exists(e.jobsDir().resolve(jobId))) {
        return false;
      }
    }
    return true;
  }

  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.currentTimeMillis() + WAIT_MILLIS;
    while (!condition.getAsBoolean()) {
      assertTrue(System.currentTimeMillis() < deadline, "timed out waiting: " + what);
      Thread.sleep(20); // polls state owned by other threads; nothing to wait on
    }
  }
}
