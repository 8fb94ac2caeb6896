package dev.ballista.gateway;

import static dev.ballista.gateway.FakeScheduler.NUMBERS;
import static dev.ballista.gateway.FakeScheduler.NUMBERS_ROWS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Any;
import dev.ballista.proto.ResultPartition;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.arrow.flight.CallOption;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightEndpoint;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStatusCode;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.Ticket;
import org.apache.arrow.flight.sql.FlightSqlClient;
import org.apache.arrow.flight.sql.impl.FlightSql.TicketStatementQuery;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Proxy mode: results stream through the gateway, which presents the user's token to executors. */
class ProxyModeTest {
  private static GatewayHarness harness;
  private static FlightClient flight;
  private static FlightSqlClient client;
  private static CallOption bearer;

  @BeforeAll
  static void start() throws Exception {
    harness = GatewayHarness.start(config -> config
        .withProxyResults(true)
        .withUsers(Map.of("carol", "proxy-pass"))
        .withTokenSecret(GatewayHarness.TOKEN_SECRET), true);
    flight = FlightClient.builder(harness.clientAllocator,
        Location.forGrpcInsecure("127.0.0.1", harness.port())).build();
    bearer = flight.authenticateBasicToken("carol", "proxy-pass").orElseThrow();
    client = new FlightSqlClient(flight);
  }

  @AfterAll
  static void stop() throws Exception {
    client.close();
    harness.close();
  }

  @Test
  void endpointsHaveNoLocationAndStreamThroughTheGateway() throws Exception {
    FlightInfo info = client.execute(NUMBERS, bearer);
    assertEquals(2, info.getEndpoints().size());
    List<String> rows = new ArrayList<>();
    for (FlightEndpoint endpoint : info.getEndpoints()) {
      assertEquals(List.of(), endpoint.getLocations());
      try (FlightStream stream = client.getStream(endpoint.getTicket(), bearer)) {
        assertEquals(FakeExecutor.NUMBERS_SCHEMA, stream.getSchema());
        FlightSqlClientTest.readRows(stream, rows);
      }
    }
    assertEquals(FlightSqlClientTest.numbers(0, NUMBERS_ROWS), rows);
    assertTrue(harness.executor.tokenUsers.contains("carol"));
  }

  @Test
  void theJdbcDriverReadsProxiedResults() throws Exception {
    try (Connection connection = DriverManager.getConnection(
            harness.jdbcUrl() + "&user=carol&password=proxy-pass");
        Statement statement = connection.createStatement()) {
      assertEquals(NUMBERS_ROWS, JdbcDriverTest.rows(statement.executeQuery(NUMBERS), "n").size());
    }
  }

  @Test
  void refusesATicketForAnExecutorTheSchedulerDoesNotKnow() throws Exception {
    ResultPartition elsewhere = ResultPartition.newBuilder().setHost("127.0.0.1").setPort(1)
        .build();
    Ticket forged = new Ticket(Any.pack(TicketStatementQuery.newBuilder()
        .setStatementHandle(elsewhere.toByteString()).build()).toByteArray());
    try (FlightStream stream = client.getStream(forged, bearer)) {
      FlightRuntimeException error = assertThrows(FlightRuntimeException.class, stream::next);
      assertEquals(FlightStatusCode.NOT_FOUND, error.status().code());
    }
  }
}
