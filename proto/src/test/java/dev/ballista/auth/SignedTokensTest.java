package dev.ballista.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class SignedTokensTest {
  private static final byte[] SECRET = "sixteen-bytes-at-least".getBytes(StandardCharsets.UTF_8);
  private static final Instant NOW = Instant.parse("2025-01-01T00:00:00Z");

  private static SignedTokens at(Instant instant, byte[] secret) {
    return new SignedTokens(secret, Clock.fixed(instant, ZoneOffset.UTC));
  }

  @Test
  void verifiesWhatItIssuedEvenForAwkwardNames() throws Exception {
    SignedTokens tokens = at(NOW, SECRET);
    assertEquals("alice", tokens.verify(tokens.issue("alice", Duration.ofHours(1))));
    assertEquals("ä.b:c d", tokens.verify(tokens.issue("ä.b:c d", Duration.ofHours(1))));
  }

  @Test
  void anotherProcessWithTheSameSecretVerifiesIt() throws Exception {
    String token = at(NOW, SECRET).issue("alice", Duration.ofHours(1));
    assertEquals("alice", at(NOW.plusSeconds(60), SECRET.clone()).verify(token));
  }

  @Test
  void refusesExpiredTokens() {
    String token = at(NOW, SECRET).issue("alice", Duration.ofMinutes(5));
    SignedTokens.InvalidTokenException error = assertThrows(SignedTokens.InvalidTokenException.class,
        () -> at(NOW.plus(Duration.ofMinutes(5)), SECRET).verify(token));
    assertEquals("Token expired; log in again", error.getMessage());
  }

  @Test
  void refusesTokensSignedWithAnotherSecretOrAltered() {
    String token = at(NOW, SECRET).issue("alice", Duration.ofHours(1));
    byte[] other = "another-secret-of-16+".getBytes(StandardCharsets.UTF_8);
    assertThrows(SignedTokens.InvalidTokenException.class, () -> at(NOW, other).verify(token));
    String[] parts = token.split("\\.");
    String longer = parts[0] + "." + (Long.parseLong(parts[1]) + 3600) + "." + parts[2];
    assertThrows(SignedTokens.InvalidTokenException.class, () -> at(NOW, SECRET).verify(longer));
    String otherUser = "Ym9i." + parts[1] + "." + parts[2];
    assertThrows(SignedTokens.InvalidTokenException.class,
        () -> at(NOW, SECRET).verify(otherUser));
    assertThrows(SignedTokens.InvalidTokenException.class, () -> at(NOW, SECRET).verify("x"));
    assertThrows(SignedTokens.InvalidTokenException.class,
        () -> at(NOW, SECRET).verify("a.b.!!!"));
  }

  @Test
  void refusesShortSecrets() {
    assertThrows(IllegalArgumentException.class,
        () -> new SignedTokens("short".getBytes(StandardCharsets.UTF_8)));
  }
}
