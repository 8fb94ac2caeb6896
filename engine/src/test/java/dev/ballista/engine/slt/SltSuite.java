package dev.ballista.engine.slt;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.arrow.vector.types.pojo.Field;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.opentest4j.AssertionFailedError;

/**
 * Turns the .slt files under the classpath folder {@code slt/} into JUnit dynamic tests: a container per file and
 * a test per record, run in file order against one {@link SltEngine}. Failures name the record as file:line.
 */
public final class SltSuite {
  private SltSuite() {}

  /** Every .slt file on the classpath under {@code slt/}, sorted by name, with its text. */
  public static Map<String, String> files() {
    URL root = SltSuite.class.getClassLoader().getResource("slt");
    if (root == null) {
      throw new IllegalStateException("no slt/ folder on the classpath");
    }
    try {
      URI uri = root.toURI();
      if (uri.getScheme().equals("jar")) {
        try (FileSystem jar = FileSystems.newFileSystem(uri, Map.of())) {
          return read(jar.getPath("slt"));
        }
      }
      return read(Path.of(uri));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Map<String, String> read(Path dir) throws IOException {
    Map<String, String> files = new java.util.TreeMap<>();
    try (Stream<Path> paths = Files.list(dir)) {
      for (Path p : paths.filter(p -> p.getFileName().toString().endsWith(".slt")).toList()) {
        files.put(p.getFileName().toString(), Files.readString(p, StandardCharsets.UTF_8));
      }
    }
    return files;
  }

  /**
   * The corpus as tests; {@code ${tables}} in a record's SQL stands for {@code tables}, the directory
   * {@link SltTables#register} wrote the fixture files to (for CREATE EXTERNAL TABLE ... LOCATION).
   */
  public static Stream<DynamicNode> tests(SltEngine engine, Path tables) {
    String tablesDir = tables.toAbsolutePath().toString();
    SltEngine substituting = sql -> engine.execute(sql.replace(TABLES_VARIABLE, tablesDir));
    return tests(substituting);
  }

  /** Stands for the fixture directory in .slt SQL. */
  public static final String TABLES_VARIABLE = "${tables}";

  public static Stream<DynamicNode> tests(SltEngine engine) {
    List<DynamicNode> containers = new ArrayList<>();
    for (Map.Entry<String, String> file : files().entrySet()) {
      List<SltRecord> records = SltParser.parse(file.getKey(), file.getValue());
      List<DynamicNode> tests = new ArrayList<>();
      for (SltRecord record : records) {
        String firstLine = record.sql().lines().findFirst().orElse("").strip();
        // The display name carries file:line (Surefire does not report tests whose source is a classpath URI).
        tests.add(DynamicTest.dynamicTest(record.location() + " " + firstLine, () -> run(engine, record)));
      }
      containers.add(DynamicContainer.dynamicContainer(file.getKey(), tests));
    }
    return containers.stream();
  }

  static void run(SltEngine engine, SltRecord record) {
    SltEngine.Result result;
    try {
      result = engine.execute(record.sql());
    } catch (SltEngine.Failure e) {
      String expected = expectedError(record);
      if (expected == null) {
        throw new AssertionFailedError(record.location() + ": unexpected error: " + e.getMessage() + "\n"
            + record.sql(), e);
      }
      if (!e.getMessage().toLowerCase(Locale.ROOT).contains(expected.toLowerCase(Locale.ROOT))) {
        throw new AssertionFailedError(record.location() + ": error does not contain \"" + expected + "\"\n"
            + record.sql(), expected, e.getMessage());
      }
      return;
    }
    String expectedError = expectedError(record);
    if (expectedError != null) {
      throw new AssertionFailedError(record.location() + ": expected an error containing \"" + expectedError
          + "\" but it succeeded with " + result.rows().size() + " rows\n" + record.sql());
    }
    if (record instanceof SltRecord.Query query) {
      checkQuery(query, result);
    }
  }

  private static String expectedError(SltRecord record) {
    return switch (record) {
      case SltRecord.Statement s -> s.expectedError();
      case SltRecord.Query q -> q.expectedError();
    };
  }

  private static void checkQuery(SltRecord.Query query, SltEngine.Result result) {
    List<Field> fields = result.schema().getFields();
    String types = query.types();
    if (fields.size() != types.length()) {
      throw new AssertionFailedError(query.location() + ": expected " + types.length() + " columns, got "
          + fields.size() + " " + fields + "\n" + query.sql());
    }
    for (int c = 0; c < fields.size(); c++) {
      if (!SltValues.matches(types.charAt(c), fields.get(c).getType())) {
        throw new AssertionFailedError(query.location() + ": column " + (c + 1) + " (" + fields.get(c)
            + ") is not of type " + types.charAt(c) + "\n" + query.sql());
      }
    }
    List<String> actual = new ArrayList<>();
    for (List<Object> row : result.rows()) {
      List<String> values = new ArrayList<>();
      for (int c = 0; c < fields.size(); c++) {
        values.add(SltValues.format(fields.get(c).getType(), row.get(c)));
      }
      actual.add(normalize(String.join(" ", values)));
    }
    List<String> expected = new ArrayList<>(query.expected().stream().map(SltSuite::normalize).toList());
    if (query.rowSort()) {
      actual.sort(null);
      expected.sort(null);
    }
    if (!expected.equals(actual)) {
      throw new AssertionFailedError(query.location() + ": wrong result\n" + query.sql() + "\n---- expected\n"
          + String.join("\n", expected) + "\n---- actual\n" + String.join("\n", actual),
          String.join("\n", expected), String.join("\n", actual));
    }
  }

  /** Whitespace inside a row is not significant (as in sqllogictest's default validator). */
  private static String normalize(String row) {
    return String.join(" ", row.strip().split("\\s+"));
  }
}
