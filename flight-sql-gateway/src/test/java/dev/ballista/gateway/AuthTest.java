package dev.ballista.gateway;

import static dev.ballista.gateway.FakeScheduler.NUMBERS;
import static dev.ballista.gateway.FakeScheduler.NUMBERS_ROWS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ballista.auth.SignedTokens;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.arrow.flight.CallHeaders;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.FlightCallHeaders;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightClientMiddleware;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStatusCode;
import org.apache.arrow.flight.HeaderCallOption;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.grpc.CredentialCallOption;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Basic then Bearer auth, with tokens the executors accept too. */
class AuthTest {
  private static GatewayHarness harness;

  @BeforeAll
  static void start() throws Exception {
    String bobsHash = HexFormat.of().formatHex(UserPasswords.sha256("builder"));
    harness = GatewayHarness.start(config -> config
        .withUsers(Map.of("alice", "wonderland", "bob", "sha256:" + bobsHash))
        .withTokenSecret(GatewayHarness.TOKEN_SECRET), true);
  }

  @AfterAll
  static void stop() throws Exception {
    harness.close();
  }

  private static String url(String credentials) {
    return harness.jdbcUrl() + credentials;
  }

  @Test
  void theJdbcDriverLogsInAndReadsResultsFromTheExecutorWithTheSameToken() throws SQLException {
    try (Connection connection = DriverManager.getConnection(url("&user=alice&password=wonderland"));
        Statement statement = connection.createStatement()) {
      assertEquals("Ballista", connection.getMetaData().getDatabaseProductName());
      assertEquals(NUMBERS_ROWS, JdbcDriverTest.rows(statement.executeQuery(NUMBERS), "n").size());
    }
    assertTrue(harness.executor.tokenUsers.contains("alice"), harness.executor.tokenUsers.toString());
  }

  @Test
  void acceptsAHashedPassword() throws SQLException {
    try (Connection connection = DriverManager.getConnection(url("&user=bob&password=builder"))) {
      assertEquals("Ballista", connection.getMetaData().getDatabaseProductName());
    }
  }

  @Test
  void rejectsAWrongPasswordWithAClearMessage() {
    SQLException error = assertThrows(SQLException.class,
        () -> DriverManager.getConnection(url("&user=alice&password=queen")).close());
    String message = JdbcDriverTest.fullMessage(error);
    assertTrue(message.contains("Invalid user name or password"), message);
  }

  @Test
  void rejectsCallsWithoutCredentials() throws Exception {
    try (FlightClient client = FlightClient.builder(harness.clientAllocator,
        Location.forGrpcInsecure("127.0.0.1", harness.port())).build()) {
      FlightRuntimeException error = assertThrows(FlightRuntimeException.class, client::handshake);
      assertEquals(FlightStatusCode.UNAUTHENTICATED, error.status().code());
      assertTrue(error.getMessage().contains("Authentication required"), error.getMessage());
    }
  }

  @Test
  void answersBasicWithASignedBearerTokenAndRefusesAForgedOne() throws Exception {
    List<String> authorizationHeaders = new CopyOnWriteArrayList<>();
    FlightClientMiddleware.Factory recordAuthorization = info -> new FlightClientMiddleware() {
      @Override
      public void onBeforeSendingHeaders(CallHeaders outgoing) {}

      @Override
      public void onHeadersReceived(CallHeaders incoming) {
        String value = incoming.get("authorization");
        if (value != null) {
          authorizationHeaders.add(value);
        }
      }

      @Override
      public void onCallCompleted(CallStatus status) {}
    };
    try (FlightClient client = FlightClient.builder(harness.clientAllocator,
        Location.forGrpcInsecure("127.0.0.1", harness.port())).intercept(recordAuthorization)
        .build()) {
      CredentialCallOption bearer = client.authenticateBasicToken("alice", "wonderland")
          .orElseThrow();
      assertEquals(1, authorizationHeaders.size());
      assertTrue(authorizationHeaders.get(0).startsWith("Bearer "));
      String token = authorizationHeaders.get(0).substring("Bearer ".length());
      SignedTokens executorSide =
          new SignedTokens(GatewayHarness.TOKEN_SECRET.getBytes(StandardCharsets.UTF_8));
      assertEquals("alice", executorSide.verify(token));

      client.listActions(bearer).forEach(action -> { });
      CallHeaders forged = new FlightCallHeaders();
      forged.insert("authorization", "Bearer " + token.substring(0, token.lastIndexOf('.'))
          + ".AAAA");
      FlightRuntimeException error = assertThrows(FlightRuntimeException.class,
          () -> client.listActions(new HeaderCallOption(forged)).forEach(action -> { }));
      assertEquals(FlightStatusCode.UNAUTHENTICATED, error.status().code());
    }
  }
}
