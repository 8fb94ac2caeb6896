package dev.ballista.executor;

import dev.ballista.auth.SignedTokens;
import dev.ballista.engine.ErrorCode;
import dev.ballista.engine.QueryException;
import dev.ballista.engine.exec.Batch;
import dev.ballista.engine.exec.BatchStream;
import dev.ballista.engine.exec.ShuffleLocation;
import dev.ballista.engine.exec.ShuffleReader;
import dev.ballista.engine.exec.TaskContext;
import dev.ballista.engine.exec.shuffle.IpcBatchReader;
import dev.ballista.engine.exec.shuffle.MemoryShuffle;
import dev.ballista.engine.types.RowSchema;
import dev.ballista.proto.FlightTicket;
import java.nio.file.Files;
import java.time.Duration;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.arrow.flight.CallOption;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStatusCode;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.Ticket;
import org.apache.arrow.flight.auth2.BearerCredentialWriter;
import org.apache.arrow.flight.grpc.CredentialCallOption;
import org.apache.arrow.memory.BufferAllocator;

/**
 * Reads shuffle partitions: straight from disk when this executor or another on the same host wrote them (in
 * standalone, all executors share one JVM and one disk), otherwise with Flight DoGet from the executor that did.
 * A failed fetch is reported as executor loss so the scheduler can recompute the input.
 */
final class FlightShuffleReader implements ShuffleReader, AutoCloseable {
  private final String executorId;
  private final String host;
  private final BufferAllocator allocator;
  /** Executors read each other's shuffle files with a token this long-lived; it is checked once, at the call's start. */
  private static final Duration SHUFFLE_TOKEN_LIFETIME = Duration.ofMinutes(10);

  private final Map<String, FlightClient> clients = new ConcurrentHashMap<>();
  private final SignedTokens tokens;

  /**
   * {@code host}: the host this executor advertises; {@code tokens} signs the bearer token other executors demand,
   * null in a cluster without auth.
   */
  private final MemoryShuffle memory;

  FlightShuffleReader(String executorId, String host, BufferAllocator allocator, SignedTokens tokens) {
    this(executorId, host, allocator, tokens, null);
  }

  /** {@code memory} (may be null): shuffle output held in this JVM, read from there first. */
  FlightShuffleReader(String executorId, String host, BufferAllocator allocator, SignedTokens tokens,
      MemoryShuffle memory) {
    this.memory = memory;
    this.executorId = executorId;
    this.host = host;
    this.allocator = allocator;
    this.tokens = tokens;
  }

  @Override
  public BatchStream read(ShuffleLocation location, RowSchema schema, TaskContext context) {
    Path path = Path.of(location.path());
    BatchStream held = memory == null ? null : memory.read(location.jobId(), path, context);
    if (held != null) {
      // Held in this JVM, so written here: whatever did not fit the memory budget is in the file beside it.
      return Files.isRegularFile(path) ? concat(held, new IpcBatchReader(path, context)) : held;
    }
    // Shuffle files are renamed into place only when complete and job ids are unique, so a file at the path on
    // this host is the one the location names (a host's executors may still use separate disks: then it is absent).
    boolean sameHost = location.executorId().equals(executorId) || location.host().equals(host);
    if (sameHost && Files.isRegularFile(Path.of(location.path()))) {
      return new IpcBatchReader(Path.of(location.path()), context);
    }
    FlightClient client = clients.computeIfAbsent(location.host() + ":" + location.port(),
        k -> FlightClient.builder(allocator, Location.forGrpcInsecure(location.host(), location.port())).build());
    FlightTicket ticket = FlightTicket.newBuilder()
        .setJobId(location.jobId()).setStageId(location.stageId()).setMapPartition(location.mapPartition())
        .setOutputPartition(location.outputPartition()).setPath(location.path()).build();
    FlightStream stream;
    try {
      stream = client.getStream(new Ticket(ticket.toByteArray()), credentials());
    } catch (FlightRuntimeException e) {
      if (e.status().code() == FlightStatusCode.UNAUTHENTICATED) {
        // A misconfigured cluster, not a lost executor: recomputing the input elsewhere would not help.
        throw new QueryException(ErrorCode.INTERNAL, "executor " + location.executorId()
            + " refused a shuffle read from executor " + executorId + ": " + e.getMessage(), e);
      }
      throw lost(location, e);
    }
    return new BatchStream() {
      @Override
      public Batch next() {
        context.checkCancelled();
        try {
          if (!stream.next()) {
            return null;
          }
          return Batch.takeFrom(stream.getRoot(), context.allocator());
        } catch (FlightRuntimeException e) {
          throw lost(location, e);
        }
      }

      @Override
      public void close() {
        try {
          stream.close();
        } catch (Exception e) {
          // the stream's buffers are released; a failed close of a finished stream changes nothing
        }
      }
    };
  }

  private static BatchStream concat(BatchStream first, BatchStream second) {
    return new BatchStream() {
      private boolean firstDone;

      @Override
      public Batch next() {
        if (!firstDone) {
          Batch b = first.next();
          if (b != null) {
            return b;
          }
          firstDone = true;
        }
        return second.next();
      }

      @Override
      public void close() {
        try {
          first.close();
        } finally {
          second.close();
        }
      }
    };
  }

  private CallOption[] credentials() {
    if (tokens == null) {
      return new CallOption[0];
    }
    String token = tokens.issue("executor " + executorId, SHUFFLE_TOKEN_LIFETIME);
    return new CallOption[] {new CredentialCallOption(new BearerCredentialWriter(token))};
  }

  private static QueryException lost(ShuffleLocation location, Exception e) {
    return new ShuffleFetchException(location.executorId(),
        "cannot fetch shuffle data from executor " + location.executorId() + ": " + e.getMessage(), e);
  }

  /** Input lost with its executor: the scheduler re-runs the stage that produced it. */
  static final class ShuffleFetchException extends QueryException {
    private final String lostExecutorId;

    ShuffleFetchException(String lostExecutorId, String message, Throwable cause) {
      super(ErrorCode.EXECUTOR_LOST, message, cause);
      this.lostExecutorId = lostExecutorId;
    }

    String lostExecutorId() {
      return lostExecutorId;
    }
  }

  @Override
  public void close() throws InterruptedException {
    for (FlightClient c : clients.values()) {
      c.close();
    }
  }
}
