package dev.ballista.executor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ballista.engine.exec.Batch;
import dev.ballista.engine.exec.BatchStream;
import dev.ballista.engine.exec.ShuffleLocation;
import dev.ballista.engine.exec.TaskContext;
import dev.ballista.engine.exec.shuffle.IpcBatchWriter;
import dev.ballista.engine.exec.shuffle.MemoryShuffle;
import dev.ballista.engine.types.ArrowTypes;
import dev.ballista.engine.types.Column;
import dev.ballista.engine.types.DataType;
import dev.ballista.engine.types.RowSchema;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where a shuffle partition is read from: memory held in this JVM, the local disk for this host's files, Flight
 * for other hosts' (whose server sends what it holds in memory, then the file).
 */
class FlightShuffleReaderTest {
  private final BufferAllocator allocator = new RootAllocator();
  @TempDir
  Path dir;

  @AfterEach
  void closeAllocator() {
    allocator.close();
  }

  @Test
  void aPartitionWrittenByAnotherExecutorOnThisHostIsReadFromDiskWithoutItsServer() throws Exception {
    Path file = writePartition(dir.resolve("job/1/0/0.arrow"), 1, 2, 3);
    int closedPort = unusedPort(); // no Flight server behind it: only a disk read can succeed
    ShuffleLocation location = new ShuffleLocation("executor-b", "127.0.0.1", closedPort, "job", 1, 0, 0,
        file.toString());
    try (FlightShuffleReader reader = new FlightShuffleReader("executor-a", "127.0.0.1", allocator, null)) {
      assertEquals(List.of(1L, 2L, 3L), readAll(reader, location));
    }
  }

  @Test
  void aPartitionOnAnotherHostIsFetchedOverFlightAndItsLossReported() throws Exception {
    Path file = writePartition(dir.resolve("job/1/0/0.arrow"), 1);
    ShuffleLocation location = new ShuffleLocation("executor-b", "127.0.0.2", unusedPort(), "job", 1, 0, 0,
        file.toString());
    try (FlightShuffleReader reader = new FlightShuffleReader("executor-a", "127.0.0.1", allocator, null)) {
      FlightShuffleReader.ShuffleFetchException lost = assertThrows(FlightShuffleReader.ShuffleFetchException.class,
          () -> readAll(reader, location));
      assertEquals("executor-b", lost.lostExecutorId());
    }
  }

  @Test
  void aPartitionHeldInMemoryIsReadFromThereAndThenFromItsFile() throws Exception {
    Path path = dir.resolve("job/1/0/data-0.arrow");
    try (MemoryShuffle memory = new MemoryShuffle(1 << 20);
         FlightShuffleReader reader = new FlightShuffleReader("executor-a", "127.0.0.1", allocator, null, memory)) {
      holdAndOverflow(memory, path);
      ShuffleLocation location = new ShuffleLocation("executor-b", "127.0.0.1", unusedPort(), "job", 1, 0, 0,
          path.toString());
      assertEquals(List.of(1L, 2L, 3L, 4L), readAll(reader, location));
    }
  }

  @Test
  void aPartitionHeldInAnotherProcesssMemoryIsServedByItsFlightServer() throws Exception {
    Path path = dir.resolve("job/1/0/data-0.arrow");
    java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newCachedThreadPool();
    try (MemoryShuffle memory = new MemoryShuffle(1 << 20)) {
      holdAndOverflow(memory, path);
      io.grpc.Server server = io.grpc.netty.NettyServerBuilder
          .forAddress(new java.net.InetSocketAddress("127.0.0.1", 0))
          .addService(org.apache.arrow.flight.FlightGrpcUtils.createFlightService(allocator,
              new ResultFileProducer(allocator, dir, new LiveResults(null), memory),
              org.apache.arrow.flight.auth.ServerAuthHandler.NO_OP, threads))
          .build().start();
      try (FlightShuffleReader remote = new FlightShuffleReader("executor-a", "10.0.0.9", allocator, null)) {
        ShuffleLocation location = new ShuffleLocation("executor-b", "127.0.0.1", server.getPort(), "job", 1, 0, 0,
            path.toString());
        assertEquals(List.of(1L, 2L, 3L, 4L), readAll(remote, location));
      } finally {
        server.shutdownNow().awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS);
      }
    } finally {
      threads.shutdownNow();
    }
  }

  /** Holds 1, 2 and 3 in memory and writes 4 to the file, as a task whose output outgrew the memory budget. */
  private void holdAndOverflow(MemoryShuffle memory, Path path) throws Exception {
    MemoryShuffle.Pending pending = memory.begin("job", path, ArrowTypes.storageSchema(SCHEMA));
    try (BigIntVector v = new BigIntVector("x", allocator)) {
      v.allocateNew(3);
      for (int i = 0; i < 3; i++) {
        v.set(i, i + 1);
      }
      v.setValueCount(3);
      assertEquals(true, pending.offer(new org.apache.arrow.vector.VectorSchemaRoot(List.of(v.getField()),
          List.of(v), 3)));
    }
    writePartition(path, 4);
    pending.commit();
  }

  private static final RowSchema SCHEMA = new RowSchema(List.of(new Column("x", DataType.BIGINT, false)));

  private Path writePartition(Path path, long... values) throws Exception {
    try (BigIntVector v = new BigIntVector("x", allocator)) {
      v.allocateNew(values.length);
      for (int i = 0; i < values.length; i++) {
        v.set(i, values[i]);
      }
      v.setValueCount(values.length);
      try (IpcBatchWriter writer = new IpcBatchWriter(path, ArrowTypes.storageSchema(SCHEMA), false)) {
        writer.write(new Batch(new FieldVector[] {v}, values.length));
      }
    }
    return path;
  }

  private List<Long> readAll(FlightShuffleReader reader, ShuffleLocation location) {
    TaskContext context = new TaskContext(allocator, 1024, reader);
    List<Long> out = new ArrayList<>();
    try (BatchStream stream = reader.read(location, SCHEMA, context)) {
      for (Batch b = stream.next(); b != null; b = stream.next()) {
        BigIntVector v = (BigIntVector) b.columns()[0];
        for (int i = 0; i < b.rowCount(); i++) {
          out.add(v.get(i));
        }
        b.close();
      }
    }
    return out;
  }

  private static int unusedPort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
