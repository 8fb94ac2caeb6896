package dev.ballista.executor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ballista.engine.exec.Batch;
import dev.ballista.engine.exec.BatchStream;
import dev.ballista.engine.exec.ShuffleLocation;
import dev.ballista.engine.exec.TaskContext;
import dev.ballista.engine.exec.shuffle.IpcBatchWriter;
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

/** Where a shuffle partition is read from: the local disk for this host's files, Flight for other hosts'. */
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
