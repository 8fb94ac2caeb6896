package dev.ballista.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits SQL text into statements at the semicolons that stand outside quotes and comments.
 * Quotes are {@code '...'} strings and {@code "..."} identifiers, where a doubled quote stays
 * inside; comments run from {@code --} to the end of the line, or from {@code /*} to its close.
 * Comments before a statement are dropped, comments inside it are kept.
 */
final class SqlScript {
  /** One statement without its semicolon, and the line (from 1) it starts on. */
  record Statement(String sql, int line) {
    String firstLine() {
      int newline = sql.indexOf('\n');
      return newline < 0 ? sql : sql.substring(0, newline).stripTrailing();
    }
  }

  /** The statements ended by semicolons, the text after the last one, and whether it is open. */
  private record Scan(List<Statement> terminated, Statement rest, boolean insideQuoteOrComment) {}

  private enum State { CODE, SINGLE_QUOTE, DOUBLE_QUOTE, LINE_COMMENT, BLOCK_COMMENT }

  private SqlScript() {}

  /** Every statement of a script; text after the last semicolon is a statement too. */
  static List<Statement> split(String script) {
    Scan scan = scan(script);
    if (scan.rest() == null) {
      return scan.terminated();
    }
    List<Statement> all = new ArrayList<>(scan.terminated());
    all.add(scan.rest());
    return all;
  }

  /**
   * Whether the text ends at a statement boundary: after its last semicolon come only blanks and
   * comments, and no quote or block comment is left open.
   */
  static boolean isComplete(String text) {
    Scan scan = scan(text);
    return scan.rest() == null && !scan.insideQuoteOrComment();
  }

  private static Scan scan(String text) {
    List<Statement> statements = new ArrayList<>();
    State state = State.CODE;
    int line = 1;
    int start = -1;
    int startLine = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      char next = i + 1 < text.length() ? text.charAt(i + 1) : 0;
      if (c == '\n') {
        line++;
      }
      switch (state) {
        case CODE -> {
          if (c == '-' && next == '-') {
            state = State.LINE_COMMENT;
            i++;
          } else if (c == '/' && next == '*') {
            state = State.BLOCK_COMMENT;
            i++;
          } else if (c == ';') {
            if (start >= 0) {
              statements.add(new Statement(text.substring(start, i).stripTrailing(), startLine));
              start = -1;
            }
          } else if (!Character.isWhitespace(c)) {
            if (start < 0) {
              start = i;
              startLine = line;
            }
            if (c == '\'') {
              state = State.SINGLE_QUOTE;
            } else if (c == '"') {
              state = State.DOUBLE_QUOTE;
            }
          }
        }
        case SINGLE_QUOTE, DOUBLE_QUOTE -> {
          char quote = state == State.SINGLE_QUOTE ? '\'' : '"';
          if (c == quote && next == quote) {
            i++;
          } else if (c == quote) {
            state = State.CODE;
          }
        }
        case LINE_COMMENT -> {
          if (c == '\n') {
            state = State.CODE;
          }
        }
        case BLOCK_COMMENT -> {
          if (c == '*' && next == '/') {
            state = State.CODE;
            i++;
          }
        }
      }
    }
    Statement rest = start < 0 ? null : new Statement(text.substring(start).strip(), startLine);
    boolean open = state != State.CODE && state != State.LINE_COMMENT;
    return new Scan(statements, rest, open);
  }
}
