package dev.ballista.gateway;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.ballista.auth.SignedTokens;
import dev.ballista.proto.FlightTicket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.arrow.flight.CallHeaders;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.FlightServer;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.NoOpFlightProducer;
import org.apache.arrow.flight.Ticket;
import org.apache.arrow.flight.auth2.Auth2Constants;
import org.apache.arrow.flight.auth2.AuthUtilities;
import org.apache.arrow.flight.auth2.CallHeaderAuthenticator;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.util.AutoCloseables;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Test double of an executor: a real Arrow Flight server on 127.0.0.1 serving result files by
 * {@link FlightTicket}, as executors do. A "file" here is a run of rows {@code (n, 'name-n')}. With
 * a token secret it demands bearer tokens signed with it, as executors will.
 */
final class FakeExecutor implements AutoCloseable {
  static final Schema NUMBERS_SCHEMA = new Schema(List.of(
      Field.notNullable("n", new ArrowType.Int(64, true)),
      Field.nullable("name", ArrowType.Utf8.INSTANCE)));

  /** A result file: rows {@code first} to {@code first + count - 1}, in batches of {@code batchRows}. */
  record RowRange(long first, int count, int batchRows) {}

  private final BufferAllocator allocator = new RootAllocator();
  private final Map<String, RowRange> files = new ConcurrentHashMap<>();
  final List<String> servedPaths = new CopyOnWriteArrayList<>();
  final List<String> tokenUsers = new CopyOnWriteArrayList<>();
  private final FlightServer server;

  FakeExecutor(byte[] tokenSecret) throws Exception {
    SignedTokens tokens = tokenSecret == null ? null : new SignedTokens(tokenSecret);
    FlightServer.Builder builder = FlightServer.builder(
        allocator, Location.forGrpcInsecure("127.0.0.1", 0), new Producer());
    if (tokens != null) {
      builder.headerAuthenticator(headers -> {
        String token = AuthUtilities.getValueFromAuthHeader(headers, Auth2Constants.BEARER_PREFIX);
        if (token == null) {
          throw CallStatus.UNAUTHENTICATED.withDescription("executor needs a bearer token")
              .toRuntimeException();
        }
        try {
          String user = tokens.verify(token);
          tokenUsers.add(user);
          // Echoed as the gateway does, or the JDBC driver forgets the token (see the gateway's
          // BasicBearerAuthenticator): a requirement on real executors too.
          return new CallHeaderAuthenticator.AuthResult() {
            @Override
            public String getPeerIdentity() {
              return user;
            }

            @Override
            public void appendToOutgoingHeaders(CallHeaders outgoing) {
              outgoing.insert(Auth2Constants.AUTHORIZATION_HEADER,
                  Auth2Constants.BEARER_PREFIX + token);
            }
          };
        } catch (SignedTokens.InvalidTokenException e) {
          throw CallStatus.UNAUTHENTICATED.withDescription(e.getMessage()).toRuntimeException();
        }
      });
    }
    server = builder.build().start();
  }

  int port() {
    return server.getPort();
  }

  /** Registers a result file and returns the ticket the scheduler hands out for it. */
  ByteString addFile(String path, RowRange rows) {
    files.put(path, rows);
    return FlightTicket.newBuilder().setJobId("job").setPath(path).build().toByteString();
  }

  @Override
  public void close() throws Exception {
    AutoCloseables.close(server, allocator);
  }

  private final class Producer extends NoOpFlightProducer {
    @Override
    public void getStream(CallContext context, Ticket ticket, ServerStreamListener listener) {
      String path;
      try {
        path = FlightTicket.parseFrom(ticket.getBytes()).getPath();
      } catch (InvalidProtocolBufferException e) {
        listener.error(CallStatus.INVALID_ARGUMENT.withDescription("not a FlightTicket")
            .toRuntimeException());
        return;
      }
      RowRange rows = files.get(path);
      if (rows == null) {
        listener.error(CallStatus.NOT_FOUND.withDescription("no file " + path).toRuntimeException());
        return;
      }
      servedPaths.add(path);
      try (VectorSchemaRoot root = VectorSchemaRoot.create(NUMBERS_SCHEMA, allocator)) {
        listener.start(root);
        for (int start = 0; start < rows.count(); start += rows.batchRows()) {
          int size = Math.min(rows.batchRows(), rows.count() - start);
          fill(root, rows.first() + start, size);
          listener.putNext();
        }
        listener.completed();
      }
    }

    private void fill(VectorSchemaRoot root, long first, int size) {
      root.allocateNew();
      BigIntVector n = (BigIntVector) root.getVector("n");
      VarCharVector name = (VarCharVector) root.getVector("name");
      for (int i = 0; i < size; i++) {
        n.setSafe(i, first + i);
        name.setSafe(i, ("name-" + (first + i)).getBytes(StandardCharsets.UTF_8));
      }
      root.setRowCount(size);
    }
  }
}
