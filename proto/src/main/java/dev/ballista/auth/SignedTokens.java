package dev.ballista.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Bearer tokens that any process holding the shared secret can verify on its own: the gateway issues
 * them after a password check, executors accept them on DoGet without calling back.
 *
 * <p>A token is {@code base64url(user) "." expiry-epoch-seconds "." base64url(HMAC-SHA256)}, the MAC
 * taken over the first two parts. It carries no Flight or gRPC type so it can live in a shared module.
 *
 * <p>A server verifying these tokens should echo {@code authorization: Bearer <token>} in its
 * response headers: the Flight SQL JDBC driver keeps only the token of the last response it saw.
 */
public final class SignedTokens {
  /** Secrets shorter than this are too easy to guess for HMAC-SHA256. */
  public static final int MIN_SECRET_BYTES = 16;

  private static final String ALGORITHM = "HmacSHA256";
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

  private final SecretKeySpec key;
  private final Clock clock;

  public SignedTokens(byte[] secret) {
    this(secret, Clock.systemUTC());
  }

  public SignedTokens(byte[] secret, Clock clock) {
    if (secret.length < MIN_SECRET_BYTES) {
      throw new IllegalArgumentException(
          "Token secret must have at least " + MIN_SECRET_BYTES + " bytes");
    }
    this.key = new SecretKeySpec(secret.clone(), ALGORITHM);
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** A token naming {@code user}, valid for {@code lifetime} from now. */
  public String issue(String user, Duration lifetime) {
    long expiry = clock.instant().plus(lifetime).getEpochSecond();
    String payload = ENCODER.encodeToString(user.getBytes(StandardCharsets.UTF_8)) + "." + expiry;
    return payload + "." + ENCODER.encodeToString(mac(payload));
  }

  /** The user a valid, unexpired token names. */
  public String verify(String token) throws InvalidTokenException {
    int lastDot = token.lastIndexOf('.');
    int firstDot = token.indexOf('.');
    if (firstDot <= 0 || lastDot == firstDot) {
      throw new InvalidTokenException("Malformed token");
    }
    String payload = token.substring(0, lastDot);
    byte[] signature;
    try {
      signature = DECODER.decode(token.substring(lastDot + 1));
    } catch (IllegalArgumentException e) {
      throw new InvalidTokenException("Malformed token");
    }
    // Constant-time comparison: a timing difference would let a client forge a MAC byte by byte.
    if (!MessageDigest.isEqual(mac(payload), signature)) {
      throw new InvalidTokenException("Invalid token signature");
    }
    long expiry;
    String user;
    try {
      expiry = Long.parseLong(payload.substring(firstDot + 1));
      user = new String(DECODER.decode(payload.substring(0, firstDot)), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new InvalidTokenException("Malformed token");
    }
    if (!clock.instant().isBefore(Instant.ofEpochSecond(expiry))) {
      throw new InvalidTokenException("Token expired; log in again");
    }
    return user;
  }

  private byte[] mac(String payload) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      return mac.doFinal(payload.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is required of every JDK", e);
    }
  }

  /** A token that is malformed, forged, signed with another secret or expired. */
  public static final class InvalidTokenException extends Exception {
    public InvalidTokenException(String message) {
      super(message);
    }
  }
}
