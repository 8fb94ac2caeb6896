package dev.ballista.engine.slt;

import java.util.ArrayList;
import java.util.List;

/**
 * Parses the sqllogictest format as DataFusion uses it. Records are separated by blank lines; {@code #} starts a
 * comment line. A record is {@code statement ok}, {@code statement error [fragment]}, {@code query <types>
 * [rowsort|nosort]} followed by SQL, {@code ----} and the expected rows, or {@code query error [fragment]}
 * followed by SQL. An error fragment must occur in the error's "CODE: message" text (case-insensitive).
 */
public final class SltParser {
  private SltParser() {}

  public static List<SltRecord> parse(String file, String text) {
    String[] lines = text.split("\r?\n", -1);
    List<SltRecord> records = new ArrayList<>();
    int i = 0;
    while (i < lines.length) {
      String header = lines[i].strip();
      if (header.isEmpty() || header.startsWith("#")) {
        i++;
        continue;
      }
      int start = i + 1;
      i++;
      List<String> sql = new ArrayList<>();
      while (i < lines.length && !lines[i].isBlank() && !lines[i].strip().equals("----")) {
        if (!lines[i].strip().startsWith("#")) {
          sql.add(lines[i]);
        }
        i++;
      }
      if (sql.isEmpty()) {
        throw new IllegalArgumentException(file + ":" + start + ": record without SQL: " + header);
      }
      String statement = String.join("\n", sql);
      List<String> expected = new ArrayList<>();
      boolean hasResults = i < lines.length && lines[i].strip().equals("----");
      if (hasResults) {
        i++;
        while (i < lines.length && !lines[i].isBlank()) {
          expected.add(lines[i]);
          i++;
        }
      }
      records.add(record(file, start, header, statement, expected, hasResults));
    }
    return records;
  }

  private static SltRecord record(String file, int line, String header, String sql, List<String> expected,
      boolean hasResults) {
    String[] words = header.split("\\s+", 3);
    String where = file + ":" + line + ": ";
    switch (words[0]) {
      case "statement" -> {
        if (hasResults) {
          throw new IllegalArgumentException(where + "a statement has no result rows");
        }
        if (words.length >= 2 && words[1].equals("ok")) {
          return new SltRecord.Statement(file, line, sql, null);
        }
        if (words.length >= 2 && words[1].equals("error")) {
          return new SltRecord.Statement(file, line, sql, words.length == 3 ? words[2].strip() : "");
        }
        throw new IllegalArgumentException(where + "expected 'statement ok' or 'statement error': " + header);
      }
      case "query" -> {
        if (words.length < 2) {
          throw new IllegalArgumentException(where + "query without column types");
        }
        if (words[1].equals("error")) {
          return new SltRecord.Query(file, line, sql, "", false, List.of(), words.length == 3 ? words[2].strip() : "");
        }
        if (!words[1].matches("[IRTBD?]+")) {
          throw new IllegalArgumentException(where + "column types must be letters of IRTBD?: " + words[1]);
        }
        String mode = words.length == 3 ? words[2].strip() : "nosort";
        if (!mode.equals("rowsort") && !mode.equals("nosort")) {
          throw new IllegalArgumentException(where + "sort mode must be rowsort or nosort: " + mode);
        }
        if (!hasResults) {
          throw new IllegalArgumentException(where + "query without '----' and expected rows");
        }
        return new SltRecord.Query(file, line, sql, words[1], mode.equals("rowsort"), expected, null);
      }
      default -> throw new IllegalArgumentException(where + "unknown record: " + header);
    }
  }
}
