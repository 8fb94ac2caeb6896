package dev.ballista.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Map;
import java.util.Optional;

/**
 * The secret a cluster's bearer tokens are signed with. The gateway and every executor must hold the
 * same one: the gateway signs tokens at login, executors verify them on DoGet. A standalone cluster
 * makes a random one in memory; separate processes read it from a file or the environment.
 */
public final class TokenSecret {
  /** Environment variable holding the secret itself, for processes started without a secret file. */
  public static final String ENV_VARIABLE = "BALLISTA_TOKEN_SECRET";

  private static final int RANDOM_BYTES = 32;

  private final byte[] bytes;

  private TokenSecret(byte[] bytes) {
    if (bytes.length < SignedTokens.MIN_SECRET_BYTES) {
      throw new IllegalArgumentException("A token secret needs at least " + SignedTokens.MIN_SECRET_BYTES
          + " bytes, got " + bytes.length + " (e.g. openssl rand -hex 32)");
    }
    this.bytes = bytes.clone();
  }

  public static TokenSecret of(String text) {
    return new TokenSecret(text.getBytes(StandardCharsets.UTF_8));
  }

  public static TokenSecret random() {
    byte[] bytes = new byte[RANDOM_BYTES];
    new SecureRandom().nextBytes(bytes);
    return new TokenSecret(bytes);
  }

  /** The file's text without surrounding whitespace, so a trailing newline from an editor or echo is harmless. */
  public static TokenSecret readFile(Path file) throws IOException {
    String text = Files.readString(file, StandardCharsets.UTF_8).strip();
    try {
      return of(text);
    } catch (IllegalArgumentException e) {
      throw new IOException("Token secret file " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * The secret a process was given: the file when one is named, otherwise {@value #ENV_VARIABLE} from
   * {@code environment}, otherwise none.
   */
  public static Optional<TokenSecret> fromFileOrEnvironment(Path file, Map<String, String> environment)
      throws IOException {
    if (file != null) {
      return Optional.of(readFile(file));
    }
    String value = environment.get(ENV_VARIABLE);
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.of(of(value.strip()));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(ENV_VARIABLE + ": " + e.getMessage(), e);
    }
  }

  /** Issues and verifies tokens with this secret. */
  public SignedTokens tokens() {
    return new SignedTokens(bytes);
  }

  /** Never the secret itself: configurations holding one are printed at start. */
  @Override
  public String toString() {
    return "<secret>";
  }
}
