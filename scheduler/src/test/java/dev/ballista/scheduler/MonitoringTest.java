package dev.ballista.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ballista.executor.Executor;
import dev.ballista.executor.ExecutorConfig;
import dev.ballista.proto.ExecuteQueryRequest;
import dev.ballista.proto.ExecuteQueryResponse;
import dev.ballista.proto.GetJobStatusRequest;
import dev.ballista.proto.JobState;
import dev.ballista.proto.JobStatus;
import dev.ballista.proto.OperatorMetrics;
import dev.ballista.proto.PrepareQueryRequest;
import dev.ballista.proto.SchedulerServiceGrpc;
import dev.ballista.proto.StageStatus;
import dev.ballista.proto.TaskMetrics;
import dev.ballista.tpch.TpchDataGenerator;
import io.grpc.ManagedChannel;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Task metrics, EXPLAIN ANALYZE and the REST API on a scheduler with two executors on loopback (TPC-H SF 0.01),
 * checked against what the data holds: scans read every row of their table, each stage reads what the stages it
 * depends on wrote, and the final stage wrote the result.
 */
class MonitoringTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** TPC-H SF 0.01 lineitem. */
  private static final long LINEITEM_ROWS = 60_175;

  @TempDir
  static Path dir;
  static Scheduler scheduler;
  static ManagedChannel channel;
  static List<Executor> executors = new ArrayList<>();
  static BufferAllocator allocator;
  static SchedulerServiceGrpc.SchedulerServiceBlockingStub client;
  static HttpClient http = HttpClient.newHttpClient();
  static String base;

  @BeforeAll
  static void start() throws Exception {
    Path data = dir.resolve("tpch");
    // Two files per table: two scan tasks, so aggregates and joins exchange data between stages.
    TpchDataGenerator.builder(data, 0.01).filesPerTable(2).build().generate();
    scheduler = Scheduler.start(SchedulerConfig.defaults().withPort(-1).withHttpPort(0));
    channel = scheduler.inProcessChannel();
    for (int i = 0; i < 2; i++) {
      ExecutorConfig config = new ExecutorConfig("exec-" + i, "127.0.0.1", "127.0.0.1", 0, 2, 1L << 30,
          dir.resolve("work").resolve("exec-" + i), 500);
      executors.add(Executor.start(config, channel));
    }
    DistributedQueryTest.registerTables(scheduler.catalog(), data);
    allocator = new RootAllocator();
    client = SchedulerServiceGrpc.newBlockingStub(channel);
    base = scheduler.webUrl();
  }

  @AfterAll
  static void stop() throws Exception {
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
    assertEquals(JobState.COMPLETED, status.getState(), () -> sql + ": " + submitted.getError());
    return client.getJobStatus(GetJobStatusRequest.newBuilder().setJobId(submitted.getJobId()).setWithTasks(true)
        .build()).getStatus();
  }

  static StageStatus stageScanning(JobStatus job, String table) {
    for (StageStatus s : job.getStagesList()) {
      for (String line : s.getPlanList()) {
        if (line.contains("FileScanExec") && line.contains(table)) {
          return s;
        }
      }
    }
    throw new AssertionError("no stage scans " + table + ": " + job.getStagesList());
  }

  @Test
  void stageMetricsAddUpToWhatTheDataHolds() throws Exception {
    String sql = "select l_returnflag, l_linestatus, count(*), sum(l_quantity) from lineitem "
        + "group by l_returnflag, l_linestatus order by l_returnflag, l_linestatus";
    JobStatus job = run(sql);
    List<List<Object>> result = DistributedQueryTest.fetch(job, allocator);
    assertEquals(4, result.size());
    assertTrue(job.getStagesCount() >= 2, "a scan stage and at least one more: " + job.getStagesList());
    assertEquals(1.0, job.getProgress());

    StageStatus scan = stageScanning(job, "lineitem");
    assertEquals(LINEITEM_ROWS, scan.getMetrics().getInputRows());
    assertTrue(scan.getMetrics().getInputBytes() > LINEITEM_ROWS, "input bytes " + scan.getMetrics().getInputBytes());
    // The scan operator itself produced every row, summed over the stage's tasks.
    List<OperatorMetrics> ops = scan.getMetrics().getOperatorsList();
    assertEquals(scan.getPlanCount(), ops.size());
    for (int i = 0; i < scan.getPlanCount(); i++) {
      if (scan.getPlan(i).contains("FileScanExec")) {
        assertEquals(LINEITEM_ROWS, ops.get(i).getOutputRows(), scan.getPlan(i));
        assertTrue(ops.get(i).getOutputBatches() > 0);
      }
    }
    // The writer at index 0 wrote what the stage output.
    assertEquals(scan.getMetrics().getOutputRows(), ops.get(0).getOutputRows());

    Map<Integer, StageStatus> byId = new HashMap<>();
    for (StageStatus s : job.getStagesList()) {
      byId.put(s.getStageId(), s);
      TaskMetrics m = s.getMetrics();
      assertEquals("COMPLETED", s.getState());
      assertEquals(s.getPartitions(), s.getCompletedTasks());
      assertEquals(0, s.getPendingTasks());
      assertEquals(s.getPartitions(), s.getTasksCount());
      assertTrue(m.getElapsedNanos() > 0 && m.getPeakMemoryBytes() > 0, s.toString());
      assertTrue(s.getStartedAtMillis() > 0 && s.getFinishedAtMillis() >= s.getStartedAtMillis());
      assertTrue(m.getOutputBytes() > 0);
      long taskRows = s.getTasksList().stream().mapToLong(t -> t.getMetrics().getOutputRows()).sum();
      assertEquals(m.getOutputRows(), taskRows, "stage rows are the sum of its tasks'");
    }
    // A stage that only reads shuffle output read exactly what its input stages wrote.
    for (StageStatus s : job.getStagesList()) {
      if (s.getInputStagesCount() > 0 && s != scan) {
        long written = s.getInputStagesList().stream().mapToLong(i -> byId.get(i).getMetrics().getOutputRows()).sum();
        assertEquals(written, s.getMetrics().getInputRows(), "stage " + s.getStageId());
      }
    }
    StageStatus last = job.getStages(job.getStagesCount() - 1);
    assertEquals(result.size(), last.getMetrics().getOutputRows());
  }

  @Test
  void explainAnalyzeRunsTheQueryAndShowsItsMetrics() throws Exception {
    JobStatus job = run("EXPLAIN ANALYZE select count(*) from lineitem where l_quantity < 10");
    List<String> lines = new ArrayList<>();
    for (List<Object> row : DistributedQueryTest.fetch(job, allocator)) {
      lines.add((String) row.get(0));
    }
    String text = String.join("\n", lines);
    assertTrue(lines.get(0).matches("Job \\w+: 1 rows in .*, \\d+ stages, \\d+ tasks"), lines.get(0));
    assertTrue(text.contains("Stage 1 ("), text);
    String scan = lines.stream().filter(l -> l.contains("FileScanExec")).findFirst().orElseThrow();
    assertTrue(scan.contains("[rows="), scan);
    assertTrue(text.contains("input " + LINEITEM_ROWS + " rows"), text);
    // Every operator line carries its metrics.
    for (String line : lines) {
      if (line.startsWith("    ")) {
        assertTrue(line.contains("[rows="), line);
      }
    }

    ExecuteQueryResponse bad = client.executeQuery(ExecuteQueryRequest.newBuilder()
        .setSql("explain analyze select * from no_such_table").build());
    assertEquals("TABLE_NOT_FOUND", bad.getError().getCode());
    ExecuteQueryResponse failing = client.executeQuery(ExecuteQueryRequest.newBuilder()
        .setSql("explain analyze select sum(l_quantity / (l_linenumber - l_linenumber)) from lineitem").build());
    assertEquals("DIVISION_BY_ZERO", failing.getError().getCode());
    assertTrue(client.prepareQuery(PrepareQueryRequest.newBuilder().setSql("explain analyze select 1").build())
        .hasPrepared());
  }

  static JsonNode get(String path, int expectedStatus) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + path)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(expectedStatus, r.statusCode(), path + ": " + r.body());
    return JSON.readTree(r.body());
  }

  static JsonNode post(String path, int expectedStatus) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + path))
        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(expectedStatus, r.statusCode(), path + ": " + r.body());
    return JSON.readTree(r.body());
  }

  @Test
  void restApiDescribesExecutorsAndFinishedJobs() throws Exception {
    JobStatus job = run("select count(*) from orders");
    JsonNode state = get("api/state", 200);
    assertEquals(2, state.get("executors").asInt());
    assertEquals(4, state.get("taskSlots").asInt());
    assertEquals("memory", state.get("stateStore").asText());
    assertFalse(state.has("leader"));
    assertTrue(state.get("uptimeMillis").asLong() >= 0);
    assertTrue(state.get("jobs").get("completed").asInt() >= 1);

    JsonNode executorsJson = get("api/executors", 200);
    assertEquals(2, executorsJson.size());
    assertEquals("exec-0", executorsJson.get(0).get("id").asText());
    assertEquals("127.0.0.1:" + executors.get(0).port(), executorsJson.get(0).get("address").asText());
    assertEquals(2, executorsJson.get(0).get("taskSlots").asInt());
    assertEquals("ACTIVE", executorsJson.get(0).get("status").asText());
    assertTrue(executorsJson.get(0).get("lastHeartbeat").asLong() > 0);

    JsonNode list = get("api/jobs", 200);
    JsonNode summary = null;
    for (JsonNode j : list) {
      if (j.get("id").asText().equals(job.getJobId())) {
        summary = j;
      }
    }
    assertNotNull(summary, list.toString());
    assertEquals("select count(*) from orders", summary.get("sql").asText());
    assertEquals("COMPLETED", summary.get("state").asText());
    assertEquals(1.0, summary.get("progress").asDouble());
    assertTrue(summary.get("endedAt").asLong() >= summary.get("submittedAt").asLong());

    JsonNode detail = get("api/jobs/" + job.getJobId(), 200);
    assertEquals(1, detail.get("resultRows").asLong());
    JsonNode stages = detail.get("stages");
    assertEquals(job.getStagesCount(), stages.size());
    long scannedRows = 0;
    for (JsonNode s : stages) {
      assertEquals("COMPLETED", s.get("state").asText());
      for (JsonNode op : s.get("operators")) {
        if (op.get("operator").asText().startsWith("FileScanExec")) {
          scannedRows += op.get("outputRows").asLong();
        }
      }
      assertEquals(s.get("tasks").asInt(), s.get("taskList").size());
    }
    assertEquals(15_000, scannedRows); // orders at SF 0.01
    assertEquals(1, stages.get(stages.size() - 1).get("metrics").get("outputRows").asLong());

    assertTrue(get("api/jobs/nosuchjob", 404).get("error").asText().contains("nosuchjob"));
    assertTrue(get("api/nothing", 404).has("error"));
    post("api/state", 405);
    assertFalse(post("api/jobs/" + job.getJobId() + "/cancel", 200).get("cancelled").asBoolean());
    HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(base)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, page.statusCode());
    assertTrue(page.body().contains("<script src=\"app.js\">"));
    assertEquals(200, http.send(HttpRequest.newBuilder(URI.create(base + "app.js")).build(),
        HttpResponse.BodyHandlers.discarding()).statusCode());
  }

  @Test
  void restApiShowsARunningJobAndCancelsIt() throws Exception {
    // A scheduler with no executors yet: the job is accepted and waits with every task pending.
    try (Scheduler idle = Scheduler.start(SchedulerConfig.defaults().withPort(-1).withHttpPort(0))) {
      DistributedQueryTest.registerTables(idle.catalog(), dir.resolve("tpch"));
      ManagedChannel idleChannel = idle.inProcessChannel();
      try {
        var idleClient = SchedulerServiceGrpc.newBlockingStub(idleChannel);
        String id = idleClient.executeQuery(ExecuteQueryRequest.newBuilder()
            .setSql("select count(*) from lineitem").build()).getJobId();
        String url = idle.webUrl() + "api/jobs/";
        JsonNode detail = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(url + id)).build(),
            HttpResponse.BodyHandlers.ofString()).body());
        assertEquals("RUNNING", detail.get("state").asText());
        assertEquals(0.0, detail.get("progress").asDouble());
        assertTrue(detail.get("endedAt").isNull());
        JsonNode stage = detail.get("stages").get(0);
        assertEquals("PENDING", stage.get("state").asText());
        assertEquals(stage.get("tasks").asInt(), stage.get("pendingTasks").asInt());
        assertEquals(0, stage.get("startedAt").asLong());
        JsonNode listed = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(idle.webUrl() + "api/jobs"))
            .build(), HttpResponse.BodyHandlers.ofString()).body());
        assertEquals(id, listed.get(0).get("id").asText());
        assertEquals("RUNNING", listed.get(0).get("state").asText());

        HttpResponse<String> cancel = http.send(HttpRequest.newBuilder(URI.create(url + id + "/cancel"))
            .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, cancel.statusCode());
        assertTrue(JSON.readTree(cancel.body()).get("cancelled").asBoolean());
        assertEquals(JobState.CANCELLED, idleClient.getJobStatus(GetJobStatusRequest.newBuilder().setJobId(id).build())
            .getStatus().getState());

        // An executor arriving now gets none of the cancelled job's tasks.
        ExecutorConfig config = new ExecutorConfig("late", "127.0.0.1", "127.0.0.1", 0, 2, 1L << 30,
            dir.resolve("work").resolve("late"), 500);
        try (Executor late = Executor.start(config, idleChannel)) {
          Thread.sleep(500);
          JobStatus status = idleClient.getJobStatus(GetJobStatusRequest.newBuilder().setJobId(id).build())
              .getStatus();
          assertEquals(JobState.CANCELLED, status.getState());
          assertEquals(0, status.getCompletedTasks());
          assertEquals(0, status.getStages(0).getRunningTasks());
          assertEquals(0, late.runningTasks());
        }
      } finally {
        idleChannel.shutdownNow();
      }
    }
  }
}
