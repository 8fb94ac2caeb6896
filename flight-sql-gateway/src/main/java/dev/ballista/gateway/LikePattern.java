package dev.ballista.gateway;

import java.util.regex.Pattern;

/**
 * A SQL LIKE pattern as Flight SQL metadata filters use them: {@code %} any run, {@code _} one
 * character, and the search string escape we advertise ({@code \}) making the next one literal, so
 * clients can ask for names holding {@code _} (DBeaver escapes every name it browses).
 */
final class LikePattern {
  static final char ESCAPE = '\\';

  private final Pattern regex;

  private LikePattern(Pattern regex) {
    this.regex = regex;
  }

  static LikePattern compile(String pattern) {
    StringBuilder regex = new StringBuilder();
    StringBuilder literal = new StringBuilder();
    for (int i = 0; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      if (c == ESCAPE && i + 1 < pattern.length()) {
        literal.append(pattern.charAt(++i));
      } else if (c == '%' || c == '_') {
        flush(literal, regex);
        regex.append(c == '%' ? ".*" : ".");
      } else {
        literal.append(c);
      }
    }
    flush(literal, regex);
    return new LikePattern(Pattern.compile(regex.toString(), Pattern.DOTALL));
  }

  boolean matches(String value) {
    return regex.matcher(value).matches();
  }

  private static void flush(StringBuilder literal, StringBuilder regex) {
    if (!literal.isEmpty()) {
      regex.append(Pattern.quote(literal.toString()));
      literal.setLength(0);
    }
  }
}
