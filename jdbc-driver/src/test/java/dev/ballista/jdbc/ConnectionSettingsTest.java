package dev.ballista.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class ConnectionSettingsTest {
  @Test
  void parsesHostPortSchemaAndProperties() throws SQLException {
    ConnectionSettings settings = ConnectionSettings.parse(
        "jdbc:ballista://db.example:50050/tpch?user=ann&password=p%26w&useEncryption=TRUE"
            + "&x-tenant=acme", new Properties());
    assertEquals("db.example", settings.host());
    assertEquals(50050, settings.port());
    assertEquals("tpch", settings.schema());
    assertEquals("ann", settings.user());
    assertEquals("p&w", settings.password());
    assertTrue(settings.useEncryption());
    assertEquals(Map.of("x-tenant", "acme"), settings.headers());
  }

  @Test
  void tlsTrustSettingsAreNotSentAsHeaders() throws SQLException {
    ConnectionSettings settings = ConnectionSettings.parse("jdbc:ballista://h:1?useEncryption=true"
        + "&tlsRootCerts=%2Fetc%2Fballista%2Fca.pem&disableCertificateVerification=false", null);
    assertEquals("/etc/ballista/ca.pem", settings.tlsRootCerts());
    assertFalse(settings.disableCertificateVerification());
    assertTrue(settings.headers().isEmpty());
    assertTrue(ConnectionSettings.parse("jdbc:ballista://h:1?disableCertificateVerification=true", null)
        .disableCertificateVerification());
  }

  @Test
  void defaultsToPlaintextWithoutCredentials() throws SQLException {
    ConnectionSettings settings = ConnectionSettings.parse("jdbc:ballista://[::1]:1", null);
    assertEquals("::1", settings.host());
    assertFalse(settings.useEncryption());
    assertNull(settings.user());
    assertNull(settings.schema());
    assertTrue(settings.headers().isEmpty());
  }

  @Test
  void connectionPropertiesWinOverTheUrl() throws SQLException {
    Properties info = new Properties();
    info.setProperty("user", "bob");
    info.setProperty("schema", "public");
    ConnectionSettings settings =
        ConnectionSettings.parse("jdbc:ballista://h:2/tpch?user=ann", info);
    assertEquals("bob", settings.user());
    assertEquals("", settings.password());
    assertEquals("public", settings.schema());
  }

  @Test
  void rejectsMalformedUrlsWithTheReason() {
    assertMessage("jdbc:ballista://host", "host and port are required");
    assertMessage("jdbc:ballista://host:abc", "port 'abc' is not a number");
    assertMessage("jdbc:ballista://host:70000", "port 70000 is out of range");
    assertMessage("jdbc:ballista://h:1?useEncryption=yes",
        "useEncryption must be true or false, not 'yes'");
    assertMessage("jdbc:ballista://h:1?novalue", "'novalue' is not key=value");
    assertMessage("jdbc:ballista://h:1?password=x", "a password was given without a user");
    assertMessage("jdbc:other://h:1", "it must start with jdbc:ballista://");
  }

  private static void assertMessage(String url, String reason) {
    SQLException e = assertThrows(SQLException.class,
        () -> ConnectionSettings.parse(url, new Properties()));
    assertTrue(e.getMessage().contains(reason), e.getMessage());
    assertEquals("08001", e.getSQLState());
  }
}
