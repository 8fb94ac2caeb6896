package dev.ballista.gateway;

import dev.ballista.proto.QueryError;
import io.grpc.Context;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.ErrorFlightMetadata;
import org.apache.arrow.flight.FlightRuntimeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns scheduler answers into the Flight statuses clients show: a user's mistake keeps its message
 * and SQL position, an internal failure shows one line and keeps its details in our log.
 */
final class GatewayErrors {
  /** Response trailer carrying the stable error code, for clients that want to branch on it. */
  static final String ERROR_CODE_KEY = "ballista-error-code";

  private static final Logger LOG = LoggerFactory.getLogger(GatewayErrors.class);

  private GatewayErrors() {}

  static FlightRuntimeException fromQueryError(QueryError error) {
    CallStatus status;
    String message = firstLine(error.getMessage());
    if (error.getUserError()) {
      status = error.getCode().endsWith("NOT_FOUND") ? CallStatus.NOT_FOUND
          : CallStatus.INVALID_ARGUMENT;
      message = withPosition(message, error.getLine(), error.getColumn());
    } else {
      LOG.warn("Query failed internally: [{}] {}", error.getCode(), error.getMessage());
      status = CallStatus.INTERNAL;
      message = "Internal error: " + message;
    }
    ErrorFlightMetadata metadata = new ErrorFlightMetadata();
    metadata.insert(ERROR_CODE_KEY, error.getCode());
    return status.withDescription(message).withMetadata(metadata).toRuntimeException();
  }

  /** A failed call to the scheduler itself, as opposed to a query the scheduler rejected. */
  static FlightRuntimeException fromSchedulerCall(String call, StatusRuntimeException e) {
    Status.Code code = e.getStatus().getCode();
    // Scheduler calls inherit the client's call context: its deadline or cancel ends them too.
    if (code == Status.Code.CANCELLED || Context.current().isCancelled()) {
      LOG.debug("Scheduler call {} ended with the client's call: {}", call, code);
      return CallStatus.CANCELLED.withDescription("Request cancelled").toRuntimeException();
    }
    LOG.warn("Scheduler call {} failed", call, e);
    CallStatus status = switch (code) {
      case UNAVAILABLE -> CallStatus.UNAVAILABLE;
      case DEADLINE_EXCEEDED -> CallStatus.TIMED_OUT;
      case INVALID_ARGUMENT -> CallStatus.INVALID_ARGUMENT;
      case NOT_FOUND -> CallStatus.NOT_FOUND;
      default -> CallStatus.INTERNAL;
    };
    String detail = e.getStatus().getDescription();
    return status.withDescription("Scheduler " + call + " failed: " + code
        + (detail == null ? "" : ": " + firstLine(detail))).toRuntimeException();
  }

  private static String withPosition(String message, int line, int column) {
    if (line <= 0) {
      return message;
    }
    String position = column > 0 ? "line " + line + ", column " + column : "line " + line;
    return message.contains(position) ? message : message + " (at " + position + ")";
  }

  /** Only the first line: a message must never carry a stack trace to the client. */
  private static String firstLine(String message) {
    int newline = message.indexOf('\n');
    return (newline < 0 ? message : message.substring(0, newline)).strip();
  }
}
