package dev.ballista.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UserPasswordsTest {
  @TempDir
  Path dir;

  @Test
  void readsUsersFileWithPlainAndHashedPasswords() throws IOException {
    String hash = HexFormat.of().formatHex(UserPasswords.sha256("s3cret:with:colons"));
    Path file = Files.writeString(dir.resolve("users"),
        "# analysts\n\nalice:wonderland\nbob:sha256:" + hash + "\n");
    Map<String, String> users = UserPasswords.readFile(file);
    assertEquals(2, users.size());
    UserPasswords passwords = new UserPasswords(users);
    assertTrue(passwords.matches("alice", "wonderland"));
    assertTrue(passwords.matches("bob", "s3cret:with:colons"));
    assertFalse(passwords.matches("alice", "Wonderland"));
    assertFalse(passwords.matches("carol", "wonderland"));
  }

  @Test
  void namesTheBadLine() throws IOException {
    Path file = Files.writeString(dir.resolve("users"), "alice:x\nno-colon\n");
    IOException error = assertThrows(IOException.class, () -> UserPasswords.readFile(file));
    assertTrue(error.getMessage().contains("line 2"), error.getMessage());
  }
}
