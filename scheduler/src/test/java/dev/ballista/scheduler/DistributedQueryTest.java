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
import dev.ballista.proto.CancelJobRequest;
import dev.ballista.proto.ExecuteQueryRequest;
import dev.ballista.proto.ExecuteQueryResponse;
import dev.ballista.proto.GetJobStatusRequest;
import dev.ballista.proto.JobState;
import dev.ballista.proto.JobStatus;
import dev.ballista.proto.ResultPartition;
import dev.ballista.proto.SchedulerServiceGrpc;
import dev.ballista.tpch.TpchDataGenerator;
import dev.ballista.tpch.TpchQueries;
import io.grpc.ManagedChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.Ticket;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A scheduler and two executors with their own Flight servers on loopback run TPC-H at SF 0.01; every query must
 * return what the in-process runner returns, and results are fetched from the executors as clients would.
 */
class DistributedQueryTest {
  @TempDir
  static Path dir;
  static Scheduler scheduler;
  static ManagedChannel channel;
  static List<Executor> executors = new ArrayList<>();
  static BufferAllocator allocator;
  static LocalQueryRunner local;
  static SchedulerServiceGrpc.SchedulerServiceBlockingStub client;

  @BeforeAll
  static void start() throws Exception {
    Path data = dir.resolve("tpch");
    TpchDataGenerator.builder(data, 0.01).build().generate();
    scheduler = Scheduler.start(SchedulerConfig.defaults().withPort(-1));
    channel = scheduler.inProcessChannel();
    for (int i = 0; i < 2; i++) {
      ExecutorConfig config = new ExecutorConfig("exec-" + i, "127.0.0.1", "127.0.0.1", 0, 2, 1L << 30,
          dir.resolve("work").resolve("exec-" + i), 500);
      executors.add(Executor.start(config, channel));
    }
    registerTables(scheduler.catalog(), data);
    Catalog localCatalog = new Catalog();
    registerTables(localCatalog, data);
    allocator = new RootAllocator();
    local = new LocalQueryRunner(localCatalog, 4, dir.resolve("local"), allocator);
    client = SchedulerServiceGrpc.newBlockingStub(channel);
  }

  static void registerTables(Catalog catalog, Path data) throws Exception {
    try (Stream<Path> dirs = Files.list(data)) {
      for (Path table : dirs.filter(Files::isDirectory).toList()) {
        catalog.register(TableLoader.load(Catalog.DEFAULT_SCHEMA, table.getFileName().toString(),
            FileFormatKind.PARQUET, table, Map.of()), false);
      }
    }
  }

  @AfterAll
  static void stop() throws Exception {
    local.close();
    for (Executor e : executors) {
      e.close();
    }
    channel.shutdownNow();
    scheduler.close();
    allocator.close();
  }

  static JobStatus run(String sql) {
    ExecuteQueryResponse submitted = client.executeQuery(ExecuteQueryRequest.newBuilder().setSql(sql).build());
    assertTrue(submitted.hasJobId(), () -> "not submitted: " + submitted.getError());
    JobStatus status;
    do {
      status = client.getJobStatus(GetJobStatusRequest.newBuilder().setJobId(submitted.getJobId())
          .setWaitMillis(10_000).build()).getStatus();
    } while (status.getState() == JobState.RUNNING || status.getState() == JobState.QUEUED);
    return status;
  }

  /** Fetches every result partition from the executor that holds it, as a Flight client. */
  static List<List<Object>> fetch(JobStatus status) throws Exception {
    return fetch(status, allocator);
  }

  static List<List<Object>> fetch(JobStatus status, BufferAllocator allocator) throws Exception {
    List<List<Object>> rows = new ArrayList<>();
    for (ResultPartition p : status.getPartitionsList()) {
      try (FlightClient flight = FlightClient.builder(allocator, Location.forGrpcInsecure(p.getHost(), p.getPort()))
          .build(); FlightStream stream = flight.getStream(new Ticket(p.getTicket().toByteArray()))) {
        while (stream.next()) {
          for (int r = 0; r < stream.getRoot().getRowCount(); r++) {
            List<Object> row = new ArrayList<>();
            for (FieldVector v : stream.getRoot().getFieldVectors()) {
              Object value = v.getObject(r);
              row.add(value instanceof org.apache.arrow.vector.util.Text t ? t.toString() : value);
            }
            rows.add(row);
          }
        }
      }
    }
    return rows;
  }

  static List<List<Object>> normalize(List<List<Object>> rows) {
    List<List<Object>> out = new ArrayList<>();
    for (List<Object> row : rows) {
      List<Object> r = new ArrayList<>();
      for (Object v : row) {
        r.add(v instanceof org.apache.arrow.vector.util.Text t ? t.toString() : v);
      }
      out.add(r);
    }
    return out;
  }

  @Test
  void allTpchQueriesMatchTheInProcessRunner() throws Exception {
    for (var q : TpchQueries.all()) {
      JobStatus status = run(q.sql());
      assertEquals(JobState.COMPLETED, status.getState(), () -> q.name() + ": " + status.getError());
      List<List<Object>> expected = normalize(local.sql(q.sql()).rows());
      List<List<Object>> actual = fetch(status);
      if (q.sql().toLowerCase().contains("order by")) {
        assertEquals(expected, actual, q.name());
      } else {
        assertEquals(new java.util.HashSet<>(expected), new java.util.HashSet<>(actual), q.name());
      }
    }
  }

  @Test
  void userErrorFailsTheJobWithItsMessage() {
    JobStatus status = run("select sum(l_quantity / (l_linenumber - l_linenumber)) from lineitem");
    assertEquals(JobState.FAILED, status.getState());
    assertEquals("DIVISION_BY_ZERO", status.getError().getCode());
    ExecuteQueryResponse bad = client.executeQuery(ExecuteQueryRequest.newBuilder().setSql("select nope from lineitem").build());
    assertEquals("COLUMN_NOT_FOUND", bad.getError().getCode());
    assertEquals(1, bad.getError().getLine());
  }

  @Test
  void cancelledJobLeavesNoFilesBehind() throws Exception {
    ExecuteQueryResponse submitted = client.executeQuery(ExecuteQueryRequest.newBuilder()
        .setSql("select l_orderkey, count(*) from lineitem group by l_orderkey").build());
    client.cancelJob(CancelJobRequest.newBuilder().setJobId(submitted.getJobId()).build());
    JobStatus status = client.getJobStatus(GetJobStatusRequest.newBuilder().setJobId(submitted.getJobId()).build())
        .getStatus();
    assertTrue(status.getState() == JobState.CANCELLED || status.getState() == JobState.COMPLETED);
    if (status.getState() == JobState.CANCELLED) {
      // Executors remove the job directory asynchronously; give them a moment.
      for (int i = 0; i < 50 && jobDirExists(submitted.getJobId()); i++) {
        Thread.sleep(100);
      }
      assertFalse(jobDirExists(submitted.getJobId()));
    }
  }

  static boolean jobDirExists(String jobId) throws Exception {
    try (Stream<Path> paths = Files.walk(dir.resolve("work"))) {
      return paths.anyMatch(p -> p.getFileName().toString().equals(jobId));
    }
  }
}
