package dev.ballista.gateway;

import dev.ballista.auth.SignedTokens;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.apache.arrow.flight.CallHeaders;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.auth2.Auth2Constants;
import org.apache.arrow.flight.auth2.AuthUtilities;
import org.apache.arrow.flight.auth2.CallHeaderAuthenticator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks every call's {@code authorization} header: Basic credentials are exchanged for a signed
 * bearer token sent back in the response header (what the Flight SQL JDBC driver expects after its
 * Handshake), and a bearer token is accepted while its signature and expiry hold.
 */
final class BasicBearerAuthenticator implements CallHeaderAuthenticator {
  private static final Logger LOG = LoggerFactory.getLogger(BasicBearerAuthenticator.class);

  private final UserPasswords users;
  private final SignedTokens tokens;
  private final Duration tokenLifetime;

  BasicBearerAuthenticator(UserPasswords users, SignedTokens tokens, Duration tokenLifetime) {
    this.users = users;
    this.tokens = tokens;
    this.tokenLifetime = tokenLifetime;
  }

  @Override
  public AuthResult authenticate(CallHeaders headers) {
    String bearer = AuthUtilities.getValueFromAuthHeader(headers, Auth2Constants.BEARER_PREFIX);
    if (bearer != null) {
      return verifyBearer(bearer);
    }
    String basic = AuthUtilities.getValueFromAuthHeader(headers, Auth2Constants.BASIC_PREFIX);
    if (basic != null) {
      return login(basic);
    }
    throw CallStatus.UNAUTHENTICATED
        .withDescription("Authentication required: connect with a user and password")
        .toRuntimeException();
  }

  private AuthResult verifyBearer(String token) {
    try {
      return bearerResult(tokens.verify(token), token);
    } catch (SignedTokens.InvalidTokenException e) {
      throw CallStatus.UNAUTHENTICATED.withDescription(e.getMessage()).toRuntimeException();
    }
  }

  private AuthResult login(String encoded) {
    String decoded;
    try {
      decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw unauthenticated("Malformed Basic credentials");
    }
    int colon = decoded.indexOf(':');
    if (colon < 0) {
      throw unauthenticated("Malformed Basic credentials");
    }
    String user = decoded.substring(0, colon);
    if (!users.matches(user, decoded.substring(colon + 1))) {
      LOG.info("Rejected login of user '{}'", user);
      throw unauthenticated("Invalid user name or password");
    }
    return bearerResult(user, tokens.issue(user, tokenLifetime));
  }

  /**
   * Every answer carries the bearer header, not only the login's: the Flight SQL JDBC driver (18.x)
   * keeps the token of the last response it saw, and without it would send the password to the
   * executors it fetches results from.
   */
  private static AuthResult bearerResult(String user, String token) {
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

  private static RuntimeException unauthenticated(String message) {
    return CallStatus.UNAUTHENTICATED.withDescription(message).toRuntimeException();
  }
}
