package dev.ballista.gateway;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The users allowed in, and how a presented password is checked against a stored one. */
final class UserPasswords {
  private static final String SHA256_PREFIX = "sha256:";

  private final Map<String, String> passwords;

  UserPasswords(Map<String, String> passwords) {
    this.passwords = Map.copyOf(passwords);
  }

  /**
   * Reads {@code user:password} lines; blank lines and lines starting with {@code #} are skipped. A
   * password written {@code sha256:<hex>} is the SHA-256 of the real one, so the file need not hold it.
   */
  static Map<String, String> readFile(Path file) throws IOException {
    Map<String, String> users = new LinkedHashMap<>();
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int colon = line.indexOf(':');
      if (colon <= 0) {
        throw new IOException(file + " line " + (i + 1) + ": expected user:password");
      }
      users.put(line.substring(0, colon), line.substring(colon + 1));
    }
    return users;
  }

  boolean matches(String user, String password) {
    String stored = passwords.get(user);
    if (stored == null) {
      return false;
    }
    byte[] expected = stored.startsWith(SHA256_PREFIX)
        ? HexFormat.of().parseHex(stored.substring(SHA256_PREFIX.length()))
        : sha256(stored);
    // Compare digests in constant time so the answer's timing leaks nothing about the password.
    return MessageDigest.isEqual(expected, sha256(password));
  }

  static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JDK", e);
    }
  }
}
