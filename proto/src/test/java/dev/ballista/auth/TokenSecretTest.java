package dev.ballista.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenSecretTest {
  @TempDir
  Path dir;

  @Test
  void aFileAndTheEnvironmentWithTheSameTextVerifyEachOthersTokens() throws Exception {
    Path file = Files.writeString(dir.resolve("secret"), "0123456789abcdef0123456789abcdef\n");
    TokenSecret fromFile = TokenSecret.fromFileOrEnvironment(file, Map.of()).orElseThrow();
    TokenSecret fromEnv = TokenSecret.fromFileOrEnvironment(null,
        Map.of(TokenSecret.ENV_VARIABLE, "0123456789abcdef0123456789abcdef")).orElseThrow();
    String token = fromFile.tokens().issue("alice", Duration.ofMinutes(1));
    assertEquals("alice", fromEnv.tokens().verify(token));
  }

  @Test
  void theFileWinsOverTheEnvironmentAndNeitherMeansNone() throws Exception {
    Path file = Files.writeString(dir.resolve("secret"), "file-secret-of-enough-bytes");
    TokenSecret chosen = TokenSecret.fromFileOrEnvironment(file,
        Map.of(TokenSecret.ENV_VARIABLE, "env-secret-of-enough-bytes")).orElseThrow();
    String token = TokenSecret.of("file-secret-of-enough-bytes").tokens().issue("bob", Duration.ofMinutes(1));
    assertEquals("bob", chosen.tokens().verify(token));
    assertFalse(TokenSecret.fromFileOrEnvironment(null, Map.of()).isPresent());
  }

  @Test
  void refusesShortSecretsWithTheirSource() throws Exception {
    Path file = Files.writeString(dir.resolve("short"), "tiny\n");
    IOException fileError = assertThrows(IOException.class,
        () -> TokenSecret.fromFileOrEnvironment(file, Map.of()));
    assertTrue(fileError.getMessage().contains(file.toString()), fileError.getMessage());
    IllegalArgumentException envError = assertThrows(IllegalArgumentException.class,
        () -> TokenSecret.fromFileOrEnvironment(null, Map.of(TokenSecret.ENV_VARIABLE, "tiny")));
    assertTrue(envError.getMessage().startsWith(TokenSecret.ENV_VARIABLE), envError.getMessage());
  }

  @Test
  void randomSecretsDifferAndNeverPrint() throws Exception {
    TokenSecret a = TokenSecret.random();
    String token = a.tokens().issue("carol", Duration.ofMinutes(1));
    assertThrows(SignedTokens.InvalidTokenException.class, () -> TokenSecret.random().tokens().verify(token));
    assertEquals("<secret>", a.toString());
  }
}
