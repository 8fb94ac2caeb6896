package dev.ballista.jdbc;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Properties;
import org.apache.calcite.avatica.AvaticaConnection;
import org.apache.calcite.avatica.AvaticaFactory;
import org.apache.calcite.avatica.ConnectionPropertiesImpl;
import org.apache.calcite.avatica.UnregisteredDriver;

/** A JDBC connection over one Flight SQL session. */
final class BallistaConnection extends AvaticaConnection {
  private final ConnectionSettings settings;
  private final FlightSqlSession session;

  BallistaConnection(
      UnregisteredDriver driver, AvaticaFactory factory, String url, Properties info,
      ConnectionSettings settings, FlightSqlSession session) {
    super(driver, factory, url, info);
    this.settings = settings;
    this.session = session;
    if (settings.schema() != null) {
      meta.connectionSync(handle, new ConnectionPropertiesImpl().setSchema(settings.schema()));
    }
  }

  FlightSqlSession session() {
    return session;
  }

  ConnectionSettings settings() {
    return settings;
  }

  BallistaMeta ballistaMeta() {
    return (BallistaMeta) meta;
  }

  @Override
  public PreparedStatement prepareStatement(
      String sql, int resultSetType, int resultSetConcurrency, int resultSetHoldability)
      throws SQLException {
    try {
      return super.prepareStatement(sql, resultSetType, resultSetConcurrency,
          resultSetHoldability);
    } catch (SQLException e) {
      throw SqlErrors.unwrap(e);
    }
  }

  /** Valid when the server answers a cheap call (ListActions) within the timeout. */
  @Override
  public boolean isValid(int timeoutSeconds) throws SQLException {
    if (timeoutSeconds < 0) {
      throw new SQLException("timeout must not be negative", "HY024");
    }
    if (isClosed()) {
      return false;
    }
    return session.ping(timeoutSeconds * 1000L);
  }

  @Override
  public void close() throws SQLException {
    if (isClosed()) {
      return;
    }
    try {
      super.close();
    } finally {
      try {
        session.close();
      } catch (Exception e) {
        throw new SQLException("Could not release the connection's resources: "
            + e.getMessage(), "HY000", e);
      }
    }
  }
}
