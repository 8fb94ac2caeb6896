package dev.ballista.scheduler;

import dev.ballista.engine.slt.SltEngine;
import dev.ballista.engine.slt.SltSuite;
import dev.ballista.engine.slt.SltTables;
import dev.ballista.executor.Executor;
import dev.ballista.executor.ExecutorConfig;
import dev.ballista.proto.ExecuteQueryRequest;
import dev.ballista.proto.ExecuteQueryResponse;
import dev.ballista.proto.GetJobStatusRequest;
import dev.ballista.proto.JobState;
import dev.ballista.proto.JobStatus;
import dev.ballista.proto.QueryError;
import dev.ballista.proto.ResultPartition;
import dev.ballista.proto.SchedulerServiceGrpc;
import io.grpc.ManagedChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.Ticket;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine's .slt corpus on a cluster: a scheduler and two executors (2 slots each) on loopback; SQL goes in
 * through the scheduler's gRPC API and results come back from the executors over Flight, as clients get them.
 */
class DistributedSltTest {
  @TempDir
  static Path dir;
  static Scheduler scheduler;
  static ManagedChannel channel;
  static final List<Executor> executors = new ArrayList<>();
  static BufferAllocator allocator;
  static SchedulerServiceGrpc.SchedulerServiceBlockingStub client;

  @BeforeAll
  static void start() throws Exception {
    allocator = new RootAllocator();
    scheduler = Scheduler.start(SchedulerConfig.defaults().withPort(-1));
    channel = scheduler.inProcessChannel();
    for (int i = 0; i < 2; i++) {
      ExecutorConfig config = new ExecutorConfig("exec-" + i, "127.0.0.1", "127.0.0.1", 0, 2, 1L << 30,
          dir.resolve("work").resolve("exec-" + i), 500);
      executors.add(Executor.start(config, channel));
    }
    SltTables.register(scheduler.catalog(), allocator, dir.resolve("tables"));
    client = SchedulerServiceGrpc.newBlockingStub(channel);
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

  @TestFactory
  Stream<DynamicNode> slt() {
    return SltSuite.tests(DistributedSltTest::execute, dir.resolve("tables"));
  }

  static SltEngine.Result execute(String sql) {
    ExecuteQueryResponse submitted = client.executeQuery(ExecuteQueryRequest.newBuilder().setSql(sql).build());
    if (submitted.hasUpdate()) {
      return new SltEngine.Result(new Schema(List.of()), List.of()); // a catalog change, made by the scheduler
    }
    if (!submitted.hasJobId()) {
      throw failure(submitted.getError());
    }
    JobStatus status;
    do {
      status = client.getJobStatus(GetJobStatusRequest.newBuilder().setJobId(submitted.getJobId())
          .setWaitMillis(10_000).build()).getStatus();
    } while (status.getState() == JobState.RUNNING || status.getState() == JobState.QUEUED);
    if (status.getState() != JobState.COMPLETED) {
      throw failure(status.getError());
    }
    return fetch(status);
  }

  /** The error as the in-process runner words it: "CODE: line L, column C: message". */
  private static SltEngine.Failure failure(QueryError error) {
    String message = error.getLine() > 0
        ? "line " + error.getLine() + ", column " + error.getColumn() + ": " + error.getMessage()
        : error.getMessage();
    return new SltEngine.Failure(error.getCode(), message);
  }

  /** Reads every result partition from the executor holding it, as a Flight client. */
  private static SltEngine.Result fetch(JobStatus status) {
    List<List<Object>> rows = new ArrayList<>();
    Schema schema = null;
    for (ResultPartition p : status.getPartitionsList()) {
      try (FlightClient flight = FlightClient.builder(allocator, Location.forGrpcInsecure(p.getHost(), p.getPort()))
          .build(); FlightStream stream = flight.getStream(new Ticket(p.getTicket().toByteArray()))) {
        schema = stream.getSchema();
        while (stream.next()) {
          for (int r = 0; r < stream.getRoot().getRowCount(); r++) {
            List<Object> row = new ArrayList<>();
            for (FieldVector v : stream.getRoot().getFieldVectors()) {
              row.add(v.getObject(r));
            }
            rows.add(row);
          }
        }
      } catch (Exception e) {
        throw new IllegalStateException("cannot fetch " + p, e);
      }
    }
    if (schema == null) {
      throw new IllegalStateException("job " + status.getJobId() + " has no result partitions");
    }
    return new SltEngine.Result(schema, rows);
  }
}
