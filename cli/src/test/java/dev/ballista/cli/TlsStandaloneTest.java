package dev.ballista.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Standalone with TLS and users (the self-signed certificate in src/test/resources/tls is for localhost and
 * 127.0.0.1): both JDBC drivers connect over TLS, and results come through the gateway's encrypted connection.
 */
class TlsStandaloneTest {
  @TempDir
  static Path dir;
  static StandaloneCluster cluster;
  static Path cert;

  @BeforeAll
  static void start() throws Exception {
    cert = resource("tls/cert.pem");
    Path data = TestClusters.tpchData(dir);
    cluster = TestClusters.start(TestClusters.options(dir, "tls").withUsers(TestClusters.USERS)
        .withTls(cert, resource("tls/key.pem")), data);
  }

  @AfterAll
  static void stop() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void ourDriverTrustsTheServersCertificateFromAFile() throws SQLException {
    String url = cluster.jdbcUrl() + "&tlsRootCerts=" + cert + "&user=bob&password=builder";
    assertTrue(url.startsWith("jdbc:ballista://127.0.0.1:") && url.contains("useEncryption=true"), url);
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
      assertEquals(60175, SqlClientsTest.single(s.executeQuery("select count(*) from lineitem")));
      try (PreparedStatement p = c.prepareStatement("select count(*) from nation where n_regionkey = ?")) {
        p.setInt(1, 2);
        assertEquals(5, SqlClientsTest.single(p.executeQuery()));
      }
    }
  }

  @Test
  void theOfficialDriverConnectsOverTls() throws SQLException {
    String url = "jdbc:arrow-flight-sql://localhost:" + cluster.gatewayPort()
        + "?useEncryption=true&disableCertificateVerification=true&user=bob&password=builder";
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
      assertEquals(25, SqlClientsTest.single(s.executeQuery("select count(*) from nation")));
    }
  }

  @Test
  void aPlaintextClientIsRefusedWithAnError() {
    SQLException e = assertThrows(SQLException.class, () -> DriverManager.getConnection(
        "jdbc:ballista://127.0.0.1:" + cluster.gatewayPort() + "?user=bob&password=builder").close());
    assertTrue(e.getMessage().contains("127.0.0.1:" + cluster.gatewayPort()), e.getMessage());
    assertTrue(e.getMessage().contains("useEncryption=true"), e.getMessage());
  }

  @Test
  void anUntrustedCertificateIsRefusedWithAHint() {
    SQLException e = assertThrows(SQLException.class, () -> DriverManager.getConnection(
        cluster.jdbcUrl() + "&user=bob&password=builder").close());
    assertTrue(e.getMessage().contains("tlsRootCerts"), e.getMessage());
  }

  private static Path resource(String name) throws URISyntaxException {
    return Path.of(TlsStandaloneTest.class.getClassLoader().getResource(name).toURI());
  }
}
