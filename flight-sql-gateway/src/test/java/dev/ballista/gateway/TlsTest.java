package dev.ballista.gateway;

import static dev.ballista.gateway.FakeScheduler.NUMBERS;
import static dev.ballista.gateway.FakeScheduler.NUMBERS_ROWS;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.sql.FlightSqlClient;
import org.apache.arrow.flight.sql.impl.FlightSql.SqlInfo;
import org.junit.jupiter.api.Test;

/** The gateway over TLS, with the self-signed certificate in src/test/resources/tls. */
class TlsTest {
  @Test
  void servesFlightSqlAndJdbcClientsOverTls() throws Exception {
    Path cert = resource("tls/cert.pem");
    Path key = resource("tls/key.pem");
    try (GatewayHarness harness = GatewayHarness.start(config -> config.withTls(cert, key), false);
        InputStream trusted = Files.newInputStream(cert)) {
      FlightClient flight = FlightClient.builder(harness.clientAllocator,
          Location.forGrpcTls("localhost", harness.port())).trustedCertificates(trusted).build();
      try (FlightSqlClient client = new FlightSqlClient(flight)) {
        assertEquals(1, client.getSqlInfo(SqlInfo.FLIGHT_SQL_SERVER_NAME).getEndpoints().size());
      }
      String url = "jdbc:arrow-flight-sql://localhost:" + harness.port()
          + "?useEncryption=true&disableCertificateVerification=true";
      try (Connection connection = DriverManager.getConnection(url);
          Statement statement = connection.createStatement()) {
        assertEquals(NUMBERS_ROWS,
            JdbcDriverTest.rows(statement.executeQuery(NUMBERS), "n").size());
      }
    }
  }

  private static Path resource(String name) throws URISyntaxException {
    return Path.of(TlsTest.class.getClassLoader().getResource(name).toURI());
  }
}
