package dev.ballista.gateway;

import dev.ballista.auth.SignedTokens;
import dev.ballista.proto.ResultPartition;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import org.apache.arrow.flight.CallOption;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightProducer.ServerStreamListener;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.Ticket;
import org.apache.arrow.flight.auth2.BearerCredentialWriter;
import org.apache.arrow.flight.grpc.CredentialCallOption;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.util.AutoCloseables;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Proxy mode: streams a result partition from the executor holding it to the client, batch by batch
 * and at the client's pace, over one cached Flight client per executor.
 */
final class ResultProxy implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ResultProxy.class);
  /** Executors verify this token like a client's; it only has to outlive the stream's start. */
  private static final Duration EXECUTOR_TOKEN_LIFETIME = Duration.ofMinutes(5);
  /** A client that reads nothing for this long has gone; stop holding the executor's stream. */
  private static final long CLIENT_STALL_MILLIS = Duration.ofMinutes(10).toMillis();

  private final BufferAllocator allocator;
  private final SchedulerClient scheduler;
  private final SignedTokens tokens;
  private final ConcurrentMap<String, FlightClient> clients = new ConcurrentHashMap<>();
  private volatile Set<String> knownExecutors = Set.of();

  /** {@code tokens} is null when auth is off. */
  ResultProxy(BufferAllocator allocator, SchedulerClient scheduler, SignedTokens tokens) {
    this.allocator = allocator;
    this.scheduler = scheduler;
    this.tokens = tokens;
  }

  void stream(ResultPartition partition, String peer, ServerStreamListener listener) {
    String address = partition.getHost() + ":" + partition.getPort();
    requireKnownExecutor(address);
    FlightClient client = clients.computeIfAbsent(address, ignored -> FlightClient.builder(
        allocator, Location.forGrpcInsecure(partition.getHost(), partition.getPort())).build());
    try (FlightStream upstream = client.getStream(
        new Ticket(partition.getTicket().toByteArray()), credentials(peer))) {
      listener.start(upstream.getRoot(), upstream.getDictionaryProvider());
      while (upstream.next()) {
        if (!awaitClient(listener)) {
          LOG.debug("Client stopped reading from {}", address);
          upstream.cancel("Client stopped reading", null);
          return;
        }
        listener.putNext();
      }
      listener.completed();
    } catch (FlightRuntimeException e) {
      LOG.warn("Proxying a result from executor {} failed: {}", address, e.getMessage());
      listener.error(e);
    } catch (Exception e) {
      LOG.warn("Proxying a result from executor {} failed", address, e);
      listener.error(CallStatus.INTERNAL.withDescription("Could not read result from executor "
          + address).toRuntimeException());
    }
  }

  /**
   * Waits until the client takes more; false when it went away or stalled. Polls, as the executors do: Arrow's
   * callback strategy missed the ready signal for a client waiting on a result that streams while it is written.
   */
  private static boolean awaitClient(ServerStreamListener listener) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CLIENT_STALL_MILLIS);
    while (!listener.isReady()) {
      if (listener.isCancelled() || System.nanoTime() > deadline) {
        return false;
      }
      LockSupport.parkNanos(100_000);
    }
    return !listener.isCancelled();
  }

  /** Only executors the scheduler knows: a forged ticket must not make us connect anywhere else. */
  private void requireKnownExecutor(String address) {
    if (knownExecutors.contains(address)) {
      return;
    }
    knownExecutors = scheduler.executors().stream()
        .map(executor -> executor.getHost() + ":" + executor.getPort())
        .collect(Collectors.toUnmodifiableSet());
    if (!knownExecutors.contains(address)) {
      throw CallStatus.NOT_FOUND.withDescription("No executor at " + address + " holds this result")
          .toRuntimeException();
    }
  }

  private CallOption[] credentials(String peer) {
    if (tokens == null) {
      return new CallOption[0];
    }
    String token = tokens.issue(peer, EXECUTOR_TOKEN_LIFETIME);
    return new CallOption[] {new CredentialCallOption(new BearerCredentialWriter(token))};
  }

  @Override
  public void close() throws Exception {
    AutoCloseables.close(clients.values());
    clients.clear();
  }
}
