package dev.ballista.executor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ballista.engine.ErrorCode;
import dev.ballista.engine.exec.shuffle.IpcBatchWriter;
import dev.ballista.proto.FlightTicket;
import io.grpc.Server;
import io.grpc.netty.NettyServerBuilder;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightGrpcUtils;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStatusCode;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.Ticket;
import org.apache.arrow.flight.auth.ServerAuthHandler;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DoGet of a result partition whose task still produces it: each batch reaches the client once the task has handed
 * it over (held in memory, or past the memory budget written to the file), the stream ends when the task finished, and a task that fails (or a job that is removed) ends it with an error
 * rather than as a shorter result. The test plays the task: it writes with the same writer a result stage uses.
 */
class LiveResultStreamingTest {
  static final Schema SCHEMA = new Schema(List.of(Field.nullable("n", new ArrowType.Int(64, true))));

  @TempDir
  Path workDir;

  private final BufferAllocator allocator = new RootAllocator();
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private HeldResults held;
  private LiveResults results;
  private Server server;
  private FlightClient client;

  @BeforeEach
  void start() throws Exception {
    serve(64L << 20);
  }

  /** An executor's result server whose held results may use {@code budget} bytes together. */
  private void serve(long budget) throws Exception {
    held = new HeldResults(allocator, budget, 32L << 20);
    results = new LiveResults(held);
    server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
        .addService(FlightGrpcUtils.createFlightService(allocator,
            new ResultFileProducer(allocator, workDir, results), ServerAuthHandler.NO_OP, threads))
        .build().start();
    client = FlightClient.builder(allocator, Location.forGrpcInsecure("127.0.0.1", server.getPort())).build();
  }

  @AfterEach
  void stop() throws Exception {
    stopServing();
    threads.shutdownNow();
    allocator.close();
  }

  private void stopServing() throws Exception {
    client.close();
    server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    results.removeAll("test over");
    held.close();
  }

  @Test
  void batchesHeldInMemoryReachTheClientWithoutGoingThroughTheFile() throws Exception {
    IpcBatchWriter writer = finishedTask("j1", 0, 3, 2);
    Path file = resultFile("j1", 0);
    assertTrue(writer.heldBytes() > 0);
    assertEquals(0, batchesIn(file), "the file holds only the schema");
    assertEquals(List.of(0L, 1L, 2L, 3L, 4L), readAll(ticket("j1", 0)));
    assertEquals(0, held.heldBytes(), "streamed batches are let go");
  }

  @Test
  void aResultBeyondTheMemoryBudgetGoesOnInItsFileAndStreamsInOrder() throws Exception {
    stopServing();
    serve(1500); // one batch of 100 longs fits, two do not
    finishedTask("j1", 0, 100, 100, 100);
    Path file = resultFile("j1", 0);
    assertEquals(2, batchesIn(file), "the first batch is held, the two after it are in the file");
    List<Long> expected = new ArrayList<>();
    for (long i = 0; i < 300; i++) {
      expected.add(i);
    }
    assertEquals(expected, readAll(ticket("j1", 0)));
  }

  @Test
  void aTicketNamingTheFileOfAHeldResultStreamsTheHeldBatchesToo() throws Exception {
    finishedTask("j1", 0, 2);
    Path file = resultFile("j1", 0);
    Ticket byPath = new Ticket(FlightTicket.newBuilder().setJobId("j1").setStageId(2).setMapPartition(0)
        .setPath(file.toString()).build().toByteArray());
    assertEquals(List.of(0L, 1L), readAll(byPath));
  }

  @Test
  void aResultStreamsOnceAndASecondReaderIsToldSo() throws Exception {
    finishedTask("j1", 0, 2);
    assertEquals(List.of(0L, 1L), readAll(ticket("j1", 0)));
    try (FlightStream again = client.getStream(ticket("j1", 0))) {
      FlightRuntimeException error = assertThrows(FlightRuntimeException.class, again::next);
      assertEquals(FlightStatusCode.NOT_FOUND, error.status().code());
      assertTrue(error.status().description().contains("already streamed"), error.status().description());
    }
  }

  private List<Long> readAll(Ticket ticket) throws Exception {
    List<Long> read = new ArrayList<>();
    try (FlightStream stream = client.getStream(ticket)) {
      while (stream.next()) {
        read.addAll(values(stream.getRoot()));
      }
    }
    return read;
  }

  private int batchesIn(Path file) throws Exception {
    try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(file);
         org.apache.arrow.vector.ipc.ArrowStreamReader reader =
             new org.apache.arrow.vector.ipc.ArrowStreamReader(channel, allocator)) {
      int n = 0;
      while (reader.loadNextBatch()) {
        n++;
      }
      return n;
    }
  }

  @Test
  void batchesReachTheClientWhileTheTaskWritesAndTheStreamEndsWhenItFinishes() throws Exception {
    LiveResult task = startedTask("j1", 0);
    Path file = resultFile("j1", 0);
    // The client asks before the task has opened its file: DoGet waits for it.
    try (FlightStream stream = client.getStream(ticket("j1", 0))) {
      IpcBatchWriter writer = new IpcBatchWriter(file, SCHEMA, false, task);
      write(writer, 0, 3);
      assertTrue(stream.next());
      assertEquals(List.of(0L, 1L, 2L), values(stream.getRoot()));
      write(writer, 3, 2);
      assertTrue(stream.next());
      assertEquals(List.of(3L, 4L), values(stream.getRoot()));
      writer.close();
      results.finished(task, file, Files.size(file));
      assertFalse(stream.next(), "the stream ends with the task");
    }
  }

  @Test
  void aTaskThatFailsAfterRowsWereSentEndsTheStreamWithItsError() throws Exception {
    LiveResult task = startedTask("j1", 0);
    IpcBatchWriter writer = new IpcBatchWriter(resultFile("j1", 0), SCHEMA, false, task);
    try (FlightStream stream = client.getStream(ticket("j1", 0))) {
      write(writer, 0, 3);
      assertTrue(stream.next());
      writer.abort();
      task.failed(ErrorCode.DIVISION_BY_ZERO, "division by zero");
      FlightRuntimeException error = assertThrows(FlightRuntimeException.class, stream::next);
      assertEquals(FlightStatusCode.INVALID_ARGUMENT, error.status().code());
      assertEquals("division by zero", error.status().description());
    }
  }

  @Test
  void removingTheJobStopsItsReadersAndTellsLaterOnesWhy() throws Exception {
    LiveResult task = startedTask("j1", 0);
    IpcBatchWriter writer = new IpcBatchWriter(resultFile("j1", 0), SCHEMA, false, task);
    try (FlightStream stream = client.getStream(ticket("j1", 0))) {
      write(writer, 0, 3);
      assertTrue(stream.next());
      results.removeJob("j1", ErrorCode.CANCELLED, "query j1 was cancelled");
      FlightRuntimeException error = assertThrows(FlightRuntimeException.class, stream::next);
      assertEquals(FlightStatusCode.CANCELLED, error.status().code());
    } finally {
      writer.abort();
    }
    assertEquals(0, results.size());
    try (FlightStream stream = client.getStream(ticket("j1", 1))) {
      FlightRuntimeException error = assertThrows(FlightRuntimeException.class, stream::next);
      assertEquals(FlightStatusCode.CANCELLED, error.status().code());
      assertEquals("query j1 was cancelled", error.status().description());
    }
    assertEquals(0, results.size(), "a late reader leaves no entry behind");
  }

  @Test
  void aResultFinishedBeforeTheClientAskedIsReadFromItsRenamedFile() throws Exception {
    finishedTask("j1", 1, 2, 2);
    List<Long> read = new ArrayList<>();
    try (FlightStream stream = client.getStream(ticket("j1", 1))) {
      while (stream.next()) {
        read.addAll(values(stream.getRoot()));
      }
    }
    assertEquals(List.of(0L, 1L, 2L, 3L), read);
  }

  /** A task of {@code partition} that produced batches of {@code sizes} rows (values 0, 1, ...) and finished. */
  private IpcBatchWriter finishedTask(String jobId, int partition, int... sizes) throws Exception {
    LiveResult task = startedTask(jobId, partition);
    Path file = resultFile(jobId, partition);
    IpcBatchWriter writer = new IpcBatchWriter(file, SCHEMA, false, task);
    long from = 0;
    for (int rows : sizes) {
      write(writer, from, rows);
      from += rows;
    }
    writer.close();
    results.finished(task, file, Files.size(file));
    return writer;
  }

  private LiveResult startedTask(String jobId, int partition) {
    LiveResult task = results.get(jobId, LiveResults.key(jobId, 2, partition, 0));
    task.started();
    return task;
  }

  private Path resultFile(String jobId, int partition) {
    return workDir.resolve(jobId).resolve("2").resolve("0").resolve("data-" + partition + ".arrow");
  }

  private static Ticket ticket(String jobId, int partition) {
    return new Ticket(FlightTicket.newBuilder().setJobId(jobId).setStageId(2).setMapPartition(partition)
        .setAttempt(0).build().toByteArray());
  }

  private void write(IpcBatchWriter writer, long from, int rows) throws Exception {
    try (VectorSchemaRoot root = VectorSchemaRoot.create(SCHEMA, allocator)) {
      BigIntVector n = (BigIntVector) root.getVector(0);
      n.allocateNew(rows);
      for (int i = 0; i < rows; i++) {
        n.set(i, from + i);
      }
      root.setRowCount(rows);
      writer.write(root);
    }
  }

  private static List<Long> values(VectorSchemaRoot root) {
    List<Long> out = new ArrayList<>();
    BigIntVector n = (BigIntVector) root.getVector(0);
    for (int i = 0; i < root.getRowCount(); i++) {
      out.add(n.get(i));
    }
    return out;
  }
}
