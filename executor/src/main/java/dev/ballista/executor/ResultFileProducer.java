package dev.ballista.executor;

import dev.ballista.proto.FlightTicket;
import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.locks.LockSupport;
import org.apache.arrow.compression.CommonsCompressionFactory;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.NoOpFlightProducer;
import org.apache.arrow.flight.Ticket;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowStreamReader;

/**
 * Arrow Flight DoGet over the files this executor wrote: shuffle partitions for other executors, result
 * partitions for clients. Only files under the work directory are served. A client that cancels the stream stops
 * the read at the next batch, and that is not an error.
 */
final class ResultFileProducer extends NoOpFlightProducer {
  private final BufferAllocator allocator;
  private final Path workDir;

  ResultFileProducer(BufferAllocator allocator, Path workDir) {
    this.allocator = allocator;
    this.workDir = workDir.toAbsolutePath().normalize();
  }

  @Override
  public void getStream(CallContext context, Ticket ticket, ServerStreamListener listener) {
    Path path;
    try {
      FlightTicket t = FlightTicket.parseFrom(ticket.getBytes());
      path = Path.of(t.getPath()).toAbsolutePath().normalize();
    } catch (InvalidProtocolBufferException e) {
      listener.error(CallStatus.INVALID_ARGUMENT.withDescription("not a Ballista ticket").toRuntimeException());
      return;
    }
    if (!path.startsWith(workDir) || !Files.isRegularFile(path)) {
      listener.error(CallStatus.NOT_FOUND.withDescription("no such result or shuffle partition: " + path)
          .toRuntimeException());
      return;
    }
    try (BufferAllocator streamAllocator = allocator.newChildAllocator("doget", 0, Long.MAX_VALUE);
         ArrowStreamReader reader = new ArrowStreamReader(FileChannel.open(path, StandardOpenOption.READ),
             streamAllocator, CommonsCompressionFactory.INSTANCE)) {
      VectorSchemaRoot root = reader.getVectorSchemaRoot();
      listener.start(root);
      while (reader.loadNextBatch()) {
        while (!listener.isReady() && !listener.isCancelled()) {
          LockSupport.parkNanos(100_000);
        }
        if (listener.isCancelled()) {
          return;
        }
        listener.putNext();
      }
      listener.completed();
    } catch (IOException | RuntimeException e) {
      if (!listener.isCancelled()) {
        listener.error(CallStatus.INTERNAL.withDescription("reading " + path.getFileName() + ": " + e.getMessage())
            .withCause(e).toRuntimeException());
      }
    }
  }
}
