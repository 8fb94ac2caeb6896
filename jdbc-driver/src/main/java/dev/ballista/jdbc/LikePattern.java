package dev.ballista.jdbc;

import java.util.regex.Pattern;

/**
 * A JDBC metadata name pattern: {@code %} is any run, {@code _} any one character, and a
 * backslash (our search string escape) makes the next character literal.
 */
final class LikePattern {
  private final Pattern regex;

  private LikePattern(Pattern regex) {
    this.regex = regex;
  }

  /** A pattern matching every name when {@code pattern} is null. */
  static LikePattern of(String pattern) {
    if (pattern == null) {
      return new LikePattern(Pattern.compile(".*", Pattern.DOTALL));
    }
    StringBuilder regex = new StringBuilder();
    for (int i = 0; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      if (c == '\\' && i + 1 < pattern.length()) {
        regex.append(Pattern.quote(String.valueOf(pattern.charAt(++i))));
      } else if (c == '%') {
        regex.append(".*");
      } else if (c == '_') {
        regex.append('.');
      } else {
        regex.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return new LikePattern(Pattern.compile(regex.toString(), Pattern.DOTALL));
  }

  boolean matches(String name) {
    return regex.matcher(name).matches();
  }
}
