package dev.ballista.executor;

import dev.ballista.engine.ErrorCode;
import dev.ballista.proto.FlightTicket;
import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.locks.LockSupport;
import org.apache.arrow.compression.CommonsCompressionFactory;
import dev.ballista.engine.exec.shuffle.MemoryShuffle;
import dev.ballista.engine.exec.shuffle.RecordBatches;
import java.util.List;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.ErrorFlightMetadata;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.NoOpFlightProducer;
import org.apache.arrow.flight.Ticket;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorLoader;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.VectorUnloader;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Arrow Flight DoGet over the files this executor wrote: shuffle partitions for other executors, result
 * partitions for clients. Only files under the work directory are served. A ticket without a path names a
 * final-stage task attempt instead, whose result is streamed while the task produces it, from memory and then
 * its file (see {@link LiveResult}); so is a ticket naming the file of such a result;
 * the stream ends when the task has finished, or with an error when it failed. A client that cancels the stream
 * stops the read at the next batch, and that is not an error.
 */
final class ResultFileProducer extends NoOpFlightProducer {
  /** The error code trailer, as the gateway sends it for query errors. */
  static final String ERROR_CODE_KEY = "ballista-error-code";
  /** How long a client may wait for a task that has not started here; its launch is seconds away at most. */
  static final long TASK_START_MILLIS = 60_000;

  private final BufferAllocator allocator;
  private final Path workDir;
  private final LiveResults liveResults;
  private final MemoryShuffle memory;

  ResultFileProducer(BufferAllocator allocator, Path workDir, LiveResults liveResults) {
    this(allocator, workDir, liveResults, null);
  }

  /** {@code memory} (may be null): shuffle output held in memory, served before its file. */
  ResultFileProducer(BufferAllocator allocator, Path workDir, LiveResults liveResults, MemoryShuffle memory) {
    this.allocator = allocator;
    this.workDir = workDir.toAbsolutePath().normalize();
    this.liveResults = liveResults;
    this.memory = memory;
  }

  @Override
  public void getStream(CallContext context, Ticket ticket, ServerStreamListener listener) {
    FlightTicket t;
    try {
      t = FlightTicket.parseFrom(ticket.getBytes());
    } catch (InvalidProtocolBufferException e) {
      listener.error(CallStatus.INVALID_ARGUMENT.withDescription("not a Ballista ticket").toRuntimeException());
      return;
    }
    if (t.getPath().isEmpty()) {
      streamLive(t, listener);
      return;
    }
    Path path = Path.of(t.getPath()).toAbsolutePath().normalize();
    LiveResult finished = liveResults.finishedAt(path);
    if (finished != null) {
      // Part of this result may be held in memory, not in the file.
      streamLive(finished, finished.schema(), "result partition " + t.getMapPartition() + " of query "
          + t.getJobId(), listener);
      return;
    }
    if (memory != null && memory.holds(t.getJobId(), path)) {
      streamHeldShuffle(t.getJobId(), path, listener);
      return;
    }
    if (!path.startsWith(workDir) || !Files.isRegularFile(path)) {
      listener.error(CallStatus.NOT_FOUND.withDescription("no such result or shuffle partition: " + path)
          .toRuntimeException());
      return;
    }
    try {
      stream(FileChannel.open(path, StandardOpenOption.READ), path.getFileName().toString(), listener);
    } catch (IOException e) {
      listener.error(CallStatus.INTERNAL.withDescription("reading " + path.getFileName() + ": " + e.getMessage())
          .toRuntimeException());
    }
  }

  private void streamLive(FlightTicket t, ServerStreamListener listener) {
    String name = LiveResults.key(t.getJobId(), t.getStageId(), t.getMapPartition(), t.getAttempt());
    String what = "result partition " + t.getMapPartition() + " of query " + t.getJobId();
    LiveResult.Failure ended = liveResults.ended(t.getJobId());
    if (ended != null) {
      listener.error(error(ended));
      return;
    }
    LiveResult result = liveResults.get(t.getJobId(), name);
    Schema schema;
    try {
      schema = result.awaitSchema(TASK_START_MILLIS, listener::isCancelled);
    } catch (IOException e) {
      fail(listener, what, e);
      return;
    }
    if (schema == null) {
      liveResults.forget(result);
      listener.error(CallStatus.NOT_FOUND.withDescription("no task produces " + what + " on this executor")
          .toRuntimeException());
      return;
    }
    streamLive(result, schema, what, listener);
  }

  /** Sends the batches the task handed over in memory, then those in its file, as they come. */
  private void streamLive(LiveResult result, Schema schema, String what, ServerStreamListener listener) {
    try {
      result.claim();
    } catch (IOException e) {
      fail(listener, what, e);
      return;
    }
    try (BufferAllocator streamAllocator = allocator.newChildAllocator("doget", 0, Long.MAX_VALUE);
         VectorSchemaRoot root = VectorSchemaRoot.create(schema, streamAllocator)) {
      VectorLoader loader = new VectorLoader(root);
      listener.start(root);
      ArrowRecordBatch held;
      while ((held = result.nextHeld(listener::isCancelled)) != null) {
        try (ArrowRecordBatch batch = held) {
          loader.load(batch);
        }
        if (!send(listener)) {
          return;
        }
      }
      if (result.spilled()) {
        try (LiveResultChannel channel = LiveResultChannel.open(result, listener::isCancelled);
             ArrowStreamReader reader = new ArrowStreamReader(channel, streamAllocator)) {
          if (!sendAll(reader, loader, listener)) {
            return;
          }
        }
      } else {
        result.checkWhole(listener::isCancelled);
      }
      listener.completed();
    } catch (IOException | RuntimeException e) {
      fail(listener, what, e);
    } finally {
      result.unclaim();
    }
  }

  /** A shuffle partition held in memory, then the rest of it that went to its file. */
  private void streamHeldShuffle(String jobId, Path path, ServerStreamListener listener) {
    String what = "shuffle partition " + path.getFileName();
    Schema schema = memory.schema(jobId, path);
    try (BufferAllocator streamAllocator = allocator.newChildAllocator("doget", 0, Long.MAX_VALUE)) {
      List<ArrowRecordBatch> held = schema == null ? null : memory.views(jobId, path);
      if (held == null) {
        listener.error(CallStatus.NOT_FOUND.withDescription("no such shuffle partition: " + path)
            .toRuntimeException());
        return;
      }
      try (VectorSchemaRoot root = VectorSchemaRoot.create(schema, streamAllocator)) {
        VectorLoader loader = new VectorLoader(root);
        listener.start(root);
        for (int i = 0; i < held.size(); i++) {
          // Copied: the held buffers belong to another allocator tree, which Arrow will not share them with.
          try (ArrowRecordBatch view = held.set(i, null);
               ArrowRecordBatch batch = RecordBatches.copy(view, streamAllocator)) {
            loader.load(batch);
          }
          if (!send(listener)) {
            return;
          }
        }
        if (Files.isRegularFile(path)) {
          try (ArrowStreamReader reader = new ArrowStreamReader(FileChannel.open(path, StandardOpenOption.READ),
              streamAllocator, CommonsCompressionFactory.INSTANCE)) {
            if (!sendAll(reader, loader, listener)) {
              return;
            }
          }
        }
        listener.completed();
      } catch (IOException | RuntimeException e) {
        fail(listener, what, e);
      } finally {
        held.forEach(batch -> {
          if (batch != null) {
            batch.close();
          }
        });
      }
    }
  }

  /** Sends the rest of a file's batches through the stream's root ({@code loader}); false when the client left. */
  private static boolean sendAll(ArrowStreamReader reader, VectorLoader loader, ServerStreamListener listener)
      throws IOException {
    VectorUnloader unloader = new VectorUnloader(reader.getVectorSchemaRoot());
    while (reader.loadNextBatch()) {
      try (ArrowRecordBatch batch = unloader.getRecordBatch()) {
        loader.load(batch);
      }
      if (!send(listener)) {
        return false;
      }
    }
    return true;
  }

  /** Waits until the client takes more; false when it went away. */
  private static boolean send(ServerStreamListener listener) {
    while (!listener.isReady() && !listener.isCancelled()) {
      LockSupport.parkNanos(100_000);
    }
    if (listener.isCancelled()) {
      return false;
    }
    listener.putNext();
    return true;
  }

  private void stream(ReadableByteChannel channel, String what, ServerStreamListener listener) {
    try (BufferAllocator streamAllocator = allocator.newChildAllocator("doget", 0, Long.MAX_VALUE);
         ArrowStreamReader reader = new ArrowStreamReader(channel, streamAllocator,
             CommonsCompressionFactory.INSTANCE)) {
      VectorSchemaRoot root = reader.getVectorSchemaRoot();
      listener.start(root);
      while (reader.loadNextBatch()) {
        if (!send(listener)) {
          return;
        }
      }
      listener.completed();
    } catch (IOException | RuntimeException e) {
      fail(listener, what, e);
    }
  }

  /** Ends the stream with the task's error (the client must not take a cut stream for a whole one). */
  private static void fail(ServerStreamListener listener, String what, Exception e) {
    if (listener.isCancelled()) {
      return;
    }
    if (e instanceof LiveResult.FailedException failed) {
      listener.error(error(failed.failure()));
      return;
    }
    if (e instanceof LiveResult.AlreadyReadException) {
      listener.error(CallStatus.NOT_FOUND.withDescription(e.getMessage()).toRuntimeException());
      return;
    }
    listener.error(CallStatus.INTERNAL.withDescription("reading " + what + ": " + firstLine(String.valueOf(
        e.getMessage()))).withCause(e).toRuntimeException());
  }

  private static FlightRuntimeException error(LiveResult.Failure failure) {
    ErrorCode code = failure.code();
    CallStatus status = code == ErrorCode.CANCELLED ? CallStatus.CANCELLED
        : code == ErrorCode.EXECUTOR_LOST ? CallStatus.UNAVAILABLE
        : code.isUserError() ? CallStatus.INVALID_ARGUMENT : CallStatus.INTERNAL;
    ErrorFlightMetadata metadata = new ErrorFlightMetadata();
    metadata.insert(ERROR_CODE_KEY, code.name());
    return status.withDescription(firstLine(failure.message())).withMetadata(metadata).toRuntimeException();
  }

  private static String firstLine(String message) {
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
