package dev.ballista.cli;

import org.jline.reader.EOFError;
import org.jline.reader.ParsedLine;
import org.jline.reader.impl.DefaultParser;

/**
 * Makes JLine keep reading lines, under the continuation prompt, until the input ends with a
 * semicolon outside quotes and comments, or is a command to leave the shell.
 */
final class SqlLineParser extends DefaultParser {
  SqlLineParser() {
    // A backslash is text in SQL and starts shell commands (\q); JLine would drop it.
    setEscapeChars(new char[0]);
  }

  @Override
  public ParsedLine parse(String line, int cursor, ParseContext context) {
    if (context == ParseContext.ACCEPT_LINE && !SqlShell.isQuit(line)
        && !SqlScript.isComplete(line)) {
      throw new EOFError(-1, cursor, "the statement goes on until ;");
    }
    return super.parse(line, cursor, context);
  }
}
