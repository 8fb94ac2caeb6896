package dev.ballista.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.UnknownHostException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import org.apache.arrow.flight.auth2.ClientHandshakeWrapper;
import org.slf4j.LoggerFactory;

/**
 * Opens the JDBC connection and checks that the server answers, so that a missing server is
 * reported before any statement runs, with the network's reason rather than gRPC's "io exception".
 */
final class Connector {
  private Connector() {}

  /** An open connection to a server that answered within the timeout; otherwise the reason. */
  static Connection open(String url, Properties properties, int timeoutSeconds)
      throws SQLException {
    // A failed login is reported here in one line; Arrow would also log it with a stack trace.
    ((Logger) LoggerFactory.getLogger(ClientHandshakeWrapper.class)).setLevel(Level.OFF);
    Connection connection;
    try {
      connection = DriverManager.getConnection(url, properties);
    } catch (SQLException e) {
      throw new SQLException(reason(e), e.getSQLState(), e);
    }
    try {
      // The driver connects lazily unless it has to log in: this call makes it connect now.
      if (connection.isValid(timeoutSeconds)) {
        return connection;
      }
    } catch (SQLException e) {
      connection.close();
      throw e;
    }
    connection.close();
    throw new SQLException(whyNoAnswer(url, timeoutSeconds), "08001");
  }

  /** The deepest network failure's message ("Connection refused"), else the driver's message. */
  static String reason(SQLException e) {
    String reason = e.getMessage() == null ? e.toString() : e.getMessage();
    for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
      if (cause instanceof IOException && cause.getMessage() != null) {
        reason = cause.getMessage();
      }
    }
    return reason;
  }

  /** The driver's ping only says no; a plain TCP connect says why. */
  static String whyNoAnswer(String url, int timeoutSeconds) {
    URI uri;
    try {
      uri = URI.create(url.substring("jdbc:".length()));
    } catch (IllegalArgumentException e) {
      return "no answer within " + timeoutSeconds + " s";
    }
    String address = uri.getHost() + ":" + uri.getPort();
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), timeoutSeconds * 1000);
      return "the server at " + address + " does not answer Flight SQL calls";
    } catch (UnknownHostException e) {
      return "unknown host " + uri.getHost();
    } catch (IOException e) {
      return e.getMessage() == null ? e.toString() : e.getMessage();
    }
  }

  /** The text with any password of a URL in it hidden, to show in messages. */
  static String redact(String text) {
    return text.replaceAll("(?i)(password=)[^&\\s']*", "$1***");
  }
}
