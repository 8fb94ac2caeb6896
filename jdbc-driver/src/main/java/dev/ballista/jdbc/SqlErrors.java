package dev.ballista.jdbc;

import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.FlightRuntimeException;

/**
 * Turns Flight failures into SQLExceptions whose message is the server's message and whose
 * SQLState says what kind of failure it was.
 */
final class SqlErrors {
  static final String CANCELLED = "HY008";
  static final String TIMED_OUT = "HYT00";

  private SqlErrors() {}

  /** The SQLException for a failed Flight call. */
  static SQLException fromFlight(FlightRuntimeException e) {
    CallStatus status = e.status();
    String message = status.description();
    if (message == null || message.isEmpty()) {
      message = status.code() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }
    String state = sqlState(status.code());
    if (TIMED_OUT.equals(state)) {
      return new SQLTimeoutException(message, state, e);
    }
    return new SQLException(message, state, e);
  }

  private static String sqlState(org.apache.arrow.flight.FlightStatusCode code) {
    return switch (code) {
      case INVALID_ARGUMENT -> "42000";
      case NOT_FOUND -> "42S02";
      case ALREADY_EXISTS -> "42S01";
      case UNAUTHENTICATED -> "28000";
      case UNAUTHORIZED -> "42501";
      case UNAVAILABLE -> "08006";
      case CANCELLED -> CANCELLED;
      case TIMED_OUT -> TIMED_OUT;
      case UNIMPLEMENTED -> "0A000";
      case RESOURCE_EXHAUSTED -> "53000";
      default -> "HY000";
    };
  }

  /** The SQLException for a connection that could not be opened: unavailable means 08001. */
  static SQLException connectFailed(FlightRuntimeException e, ConnectionSettings settings) {
    SQLException mapped = fromFlight(e);
    if ("08006".equals(mapped.getSQLState())) {
      return new SQLException("Could not connect to " + settings.host() + ":" + settings.port() + ": "
          + mapped.getMessage() + tlsHint(mapped.getMessage(), settings), "08001", e);
    }
    return mapped;
  }

  /**
   * A TLS mismatch shows up as an obscure transport error ("Network closed for unknown reason",
   * an SSL handshake failure); say what to change instead.
   */
  private static String tlsHint(String message, ConnectionSettings settings) {
    String text = message.toLowerCase(java.util.Locale.ROOT);
    if (!settings.useEncryption() && (text.contains("network closed") || text.contains("http2"))) {
      return " (if the server uses TLS, add useEncryption=true to the URL)";
    }
    if (settings.useEncryption() && (text.contains("ssl") || text.contains("tls")
        || text.contains("certificate") || text.contains("network closed"))) {
      return " (a plaintext server needs useEncryption=false; a self-signed certificate needs"
          + " tlsRootCerts=<its PEM file>)";
    }
    return "";
  }

  /** Wraps a mapped SQLException so it can cross Avatica's Meta methods, which throw none. */
  static RuntimeException carry(SQLException e) {
    return new CarriedSqlException(e);
  }

  /** Wraps a failure from inside a Meta method; Flight failures are mapped on the way. */
  static RuntimeException carry(RuntimeException e) {
    if (e instanceof FlightRuntimeException flight) {
      return carry(fromFlight(flight));
    }
    return e;
  }

  /**
   * The mapped SQLException in a failure that Avatica wrapped on its way out, or a plain
   * SQLException for anything else; callers rethrow it.
   */
  static SQLException unwrap(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof CarriedSqlException carried) {
        return carried.sqlException;
      }
      if (t instanceof FlightRuntimeException flight) {
        return fromFlight(flight);
      }
    }
    if (failure instanceof SQLException sql) {
      return sql;
    }
    return new SQLException(failure.getMessage(), "HY000", failure);
  }

  /** A mapped SQLException travelling through Avatica code that only lets RuntimeExceptions out. */
  private static final class CarriedSqlException extends RuntimeException {
    private final SQLException sqlException;

    CarriedSqlException(SQLException sqlException) {
      super(sqlException.getMessage(), sqlException);
      this.sqlException = sqlException;
    }
  }
}
