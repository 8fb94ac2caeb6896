package dev.ballista.executor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ballista.auth.TokenSecret;
import dev.ballista.proto.FlightTicket;
import io.grpc.Server;
import io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.flight.CallHeaders;
import org.apache.arrow.flight.CallOption;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightClientMiddleware;
import org.apache.arrow.flight.FlightGrpcUtils;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStatusCode;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.Ticket;
import org.apache.arrow.flight.auth.ServerAuthHandler;
import org.apache.arrow.flight.auth2.BasicAuthCredentialWriter;
import org.apache.arrow.flight.auth2.BearerCredentialWriter;
import org.apache.arrow.flight.grpc.CredentialCallOption;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An executor's Flight service with a token secret: the gateway's tokens in, everything else out. */
class FlightTokenCheckTest {
  private static final TokenSecret SECRET = TokenSecret.of("cluster-secret-0123456789abcdef");

  @TempDir
  Path workDir;

  private final BufferAllocator allocator = new RootAllocator();
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final List<String> echoedAuthorization = new CopyOnWriteArrayList<>();
  private Server server;
  private FlightClient client;
  private Ticket ticket;

  @BeforeEach
  void start() throws IOException {
    Path file = workDir.resolve("job-1").resolve("result-0.arrow");
    writeNumbers(file, 3);
    ticket = new Ticket(FlightTicket.newBuilder().setJobId("job-1").setPath(file.toString()).build().toByteArray());
    server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
        .addService(FlightTokenCheck.protect(FlightGrpcUtils.createFlightService(allocator,
            new ResultFileProducer(allocator, workDir, new LiveResults(null)), ServerAuthHandler.NO_OP,
            threads), SECRET.tokens(), "executor-1"))
        .build().start();
    FlightClientMiddleware.Factory recordEcho = info -> new FlightClientMiddleware() {
      @Override
      public void onBeforeSendingHeaders(CallHeaders outgoing) {}

      @Override
      public void onHeadersReceived(CallHeaders incoming) {
        String value = incoming.get("authorization");
        if (value != null) {
          echoedAuthorization.add(value);
        }
      }

      @Override
      public void onCallCompleted(CallStatus status) {}
    };
    client = FlightClient.builder(allocator, Location.forGrpcInsecure("127.0.0.1", server.getPort()))
        .intercept(recordEcho).build();
  }

  @AfterEach
  void stop() throws Exception {
    client.close();
    server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    threads.shutdownNow();
    allocator.close();
  }

  @Test
  void servesAGatewayTokenAndEchoesIt() throws Exception {
    String token = SECRET.tokens().issue("alice", Duration.ofMinutes(5));
    assertEquals(3, rows(new CredentialCallOption(new BearerCredentialWriter(token))));
    assertTrue(echoedAuthorization.contains("Bearer " + token), echoedAuthorization.toString());
  }

  @Test
  void refusesACallWithoutToken() {
    FlightRuntimeException e = assertThrows(FlightRuntimeException.class, this::rows);
    assertEquals(FlightStatusCode.UNAUTHENTICATED, e.status().code());
    assertTrue(e.getMessage().contains("Executor executor-1 needs a bearer token"), e.getMessage());
  }

  @Test
  void refusesPasswordsPointingToTheGateway() {
    FlightRuntimeException e = assertThrows(FlightRuntimeException.class,
        () -> rows(new CredentialCallOption(new BasicAuthCredentialWriter("alice", "wonderland"))));
    assertEquals(FlightStatusCode.UNAUTHENTICATED, e.status().code());
    assertTrue(e.getMessage().contains("does not take passwords"), e.getMessage());
    assertTrue(e.getMessage().contains("Flight SQL gateway"), e.getMessage());
  }

  @Test
  void refusesTokensOfAnotherSecretAndExpiredOnes() {
    String foreign = TokenSecret.random().tokens().issue("mallory", Duration.ofMinutes(5));
    FlightRuntimeException e = assertThrows(FlightRuntimeException.class,
        () -> rows(new CredentialCallOption(new BearerCredentialWriter(foreign))));
    assertEquals(FlightStatusCode.UNAUTHENTICATED, e.status().code());
    assertTrue(e.getMessage().contains("Invalid token signature"), e.getMessage());
    assertTrue(e.getMessage().contains("share one token secret"), e.getMessage());

    String expired = SECRET.tokens().issue("alice", Duration.ofSeconds(-1));
    FlightRuntimeException late = assertThrows(FlightRuntimeException.class,
        () -> rows(new CredentialCallOption(new BearerCredentialWriter(expired))));
    assertTrue(late.getMessage().contains("Token expired"), late.getMessage());
  }

  private long rows(CallOption... options) throws Exception {
    long rows = 0;
    try (FlightStream stream = client.getStream(ticket, options)) {
      while (stream.next()) {
        rows += stream.getRoot().getRowCount();
      }
    }
    return rows;
  }

  private void writeNumbers(Path file, int count) throws IOException {
    Files.createDirectories(file.getParent());
    try (BigIntVector n = new BigIntVector("n", allocator)) {
      n.allocateNew(count);
      for (int i = 0; i < count; i++) {
        n.set(i, i);
      }
      n.setValueCount(count);
      try (VectorSchemaRoot root = VectorSchemaRoot.of(n);
           FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
           ArrowStreamWriter writer = new ArrowStreamWriter(root, null, channel)) {
        writer.start();
        writer.writeBatch();
        writer.end();
      }
    }
  }
}
