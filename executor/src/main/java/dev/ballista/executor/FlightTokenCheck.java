package dev.ballista.executor;

import dev.ballista.auth.SignedTokens;
import io.grpc.BindableService;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import java.util.List;
import org.apache.arrow.flight.CallHeaders;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.FlightServerMiddleware;
import org.apache.arrow.flight.auth2.Auth2Constants;
import org.apache.arrow.flight.auth2.AuthUtilities;
import org.apache.arrow.flight.auth2.CallHeaderAuthenticator;
import org.apache.arrow.flight.auth2.ServerCallHeaderAuthMiddleware;
import org.apache.arrow.flight.grpc.ServerInterceptorAdapter;

/**
 * An executor's Flight service in a cluster with auth: each call must carry a bearer token signed with
 * the cluster's secret, as the gateway issues at login (clients) and executors issue to each other
 * (shuffle reads). Nothing is looked up: the signature and expiry are the whole check.
 *
 * <p>The token is echoed in an {@code authorization: Bearer} response header: the Flight SQL JDBC
 * driver keeps the token of the last response it saw and would go on without one otherwise.
 */
final class FlightTokenCheck implements CallHeaderAuthenticator {
  private final SignedTokens tokens;
  private final String executorId;

  FlightTokenCheck(SignedTokens tokens, String executorId) {
    this.tokens = tokens;
    this.executorId = executorId;
  }

  /** {@code flight} with every call checked; only the Flight service, not the scheduler's control calls. */
  static ServerServiceDefinition protect(BindableService flight, SignedTokens tokens, String executorId) {
    ServerInterceptorAdapter check = new ServerInterceptorAdapter(List.of(new ServerInterceptorAdapter.KeyFactory<>(
        FlightServerMiddleware.Key.of(Auth2Constants.AUTHORIZATION_HEADER),
        new ServerCallHeaderAuthMiddleware.Factory(new FlightTokenCheck(tokens, executorId)))));
    return ServerInterceptors.intercept(flight, check);
  }

  @Override
  public AuthResult authenticate(CallHeaders headers) {
    String token = AuthUtilities.getValueFromAuthHeader(headers, Auth2Constants.BEARER_PREFIX);
    if (token == null) {
      boolean password = AuthUtilities.getValueFromAuthHeader(headers, Auth2Constants.BASIC_PREFIX) != null;
      throw CallStatus.UNAUTHENTICATED.withDescription("Executor " + executorId
          + (password ? " does not take passwords" : " needs a bearer token")
          + ": log in to the Flight SQL gateway with a user and password and fetch results with the"
          + " token it returns").toRuntimeException();
    }
    String user;
    try {
      user = tokens.verify(token);
    } catch (SignedTokens.InvalidTokenException e) {
      throw CallStatus.UNAUTHENTICATED.withDescription("Executor " + executorId + " refused the bearer token: "
          + e.getMessage() + " (gateway and executors must share one token secret)").toRuntimeException();
    }
    return new AuthResult() {
      @Override
      public String getPeerIdentity() {
        return user;
      }

      @Override
      public void appendToOutgoingHeaders(CallHeaders outgoing) {
        outgoing.insert(Auth2Constants.AUTHORIZATION_HEADER, Auth2Constants.BEARER_PREFIX + token);
      }
    };
  }
}
