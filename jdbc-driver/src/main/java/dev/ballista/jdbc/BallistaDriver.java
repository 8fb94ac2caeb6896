package dev.ballista.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;
import org.apache.calcite.avatica.AvaticaConnection;
import org.apache.calcite.avatica.AvaticaFactory;
import org.apache.calcite.avatica.DriverVersion;
import org.apache.calcite.avatica.Meta;
import org.apache.calcite.avatica.UnregisteredDriver;

/**
 * JDBC driver for Ballista, speaking Arrow Flight SQL.
 *
 * <p>URL: {@code jdbc:ballista://host:port[/schema][?key=value&...]}. Properties, in the URL or
 * given to {@code DriverManager} (which win):
 *
 * <ul>
 *   <li>{@code user}, {@code password}: when a user is given the driver does Flight's Basic
 *       handshake and sends the Bearer token the server returns on every later call.
 *   <li>{@code useEncryption}: {@code true} for TLS. <b>The default is {@code false}</b>
 *       (plaintext), unlike Arrow's Flight SQL driver, because Ballista clusters are usually
 *       reached on a local or private network; set {@code useEncryption=true} for TLS servers.
 *   <li>{@code tlsRootCerts}: a PEM file of the certificates to trust (e.g. a self-signed
 *       server's), instead of the system's; {@code disableCertificateVerification=true} trusts any
 *       (tests only). Same names as Arrow's driver.
 *   <li>{@code schema}: the default schema, also given as the URL path; it is sent to the server
 *       as the Flight SQL session option {@code schema}.
 *   <li>Any other key is sent to the server as a gRPC header on every call.
 * </ul>
 *
 * <p>Connections are auto-commit and forward-only. {@code Statement.setQueryTimeout} becomes the
 * deadline of each server call, and {@code Statement.cancel} stops the result stream and asks the
 * server to cancel the query.
 */
public final class BallistaDriver extends UnregisteredDriver {
  static {
    new BallistaDriver().register();
  }

  @Override
  protected String getConnectStringPrefix() {
    return ConnectionSettings.URL_PREFIX;
  }

  @Override
  protected AvaticaFactory createFactory() {
    return new BallistaJdbcFactory();
  }

  @Override
  protected DriverVersion createDriverVersion() {
    return DriverVersion.load(
        BallistaDriver.class,
        "dev/ballista/jdbc/driver.properties",
        "Ballista JDBC Driver",
        "0.1.0",
        "Ballista",
        "0.1.0");
  }

  @Override
  public Meta createMeta(AvaticaConnection connection) {
    return new BallistaMeta(connection);
  }

  /** Parses the URL itself: Avatica's parser reads only {@code key=value;...} strings. */
  @Override
  public Connection connect(String url, Properties info) throws SQLException {
    if (!acceptsURL(url)) {
      return null;
    }
    AvaticaConnection connection = factory.newConnection(this, factory, url, info);
    handler.onConnectionInit(connection);
    return connection;
  }
}
