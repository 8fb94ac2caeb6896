package dev.ballista.tpch;

import static dev.ballista.tpch.AnswerType.DATE;
import static dev.ballista.tpch.AnswerType.DECIMAL;
import static dev.ballista.tpch.AnswerType.DOUBLE;
import static dev.ballista.tpch.AnswerType.INTEGER;
import static dev.ballista.tpch.AnswerType.STRING;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The reference answers of the 22 queries with their validation parameters: at scale factor 1 the specification's
 * (resources {@code answers/sf1/qNN.csv}: '|'-separated, a header line), at scale factor 0.01 those the
 * io.trino.tpch jar ships ({@code io/trino/tpch/queries/qN.result}: '|'-separated, a comment line, no header),
 * parsed into typed rows. The files carry no types, so each query's column types are declared
 * here: money sums are DECIMAL, averages and ratios DOUBLE, counts, keys and years INTEGER.
 */
public final class TpchAnswers {
  private static final Map<Integer, List<AnswerType>> TYPES = Map.ofEntries(
      Map.entry(1, List.of(STRING, STRING, DECIMAL, DECIMAL, DECIMAL, DECIMAL, DOUBLE, DOUBLE, DOUBLE, INTEGER)),
      Map.entry(2, List.of(DECIMAL, STRING, STRING, INTEGER, STRING, STRING, STRING, STRING)),
      Map.entry(3, List.of(INTEGER, DECIMAL, DATE, INTEGER)),
      Map.entry(4, List.of(STRING, INTEGER)),
      Map.entry(5, List.of(STRING, DECIMAL)),
      Map.entry(6, List.of(DECIMAL)),
      Map.entry(7, List.of(STRING, STRING, INTEGER, DECIMAL)),
      Map.entry(8, List.of(INTEGER, DOUBLE)),
      Map.entry(9, List.of(STRING, INTEGER, DECIMAL)),
      Map.entry(10, List.of(INTEGER, STRING, DECIMAL, DECIMAL, STRING, STRING, STRING, STRING)),
      Map.entry(11, List.of(INTEGER, DECIMAL)),
      Map.entry(12, List.of(STRING, INTEGER, INTEGER)),
      Map.entry(13, List.of(INTEGER, INTEGER)),
      Map.entry(14, List.of(DOUBLE)),
      Map.entry(15, List.of(INTEGER, STRING, STRING, STRING, DECIMAL)),
      Map.entry(16, List.of(STRING, STRING, INTEGER, INTEGER)),
      Map.entry(17, List.of(DOUBLE)),
      Map.entry(18, List.of(STRING, INTEGER, INTEGER, DATE, DECIMAL, DECIMAL)),
      Map.entry(19, List.of(DECIMAL)),
      Map.entry(20, List.of(STRING, STRING)),
      Map.entry(21, List.of(STRING, INTEGER)),
      Map.entry(22, List.of(STRING, INTEGER, DECIMAL)));

  private TpchAnswers() {}

  /** The answer of query {@code number} (1 to 22) at scale factor 1. */
  public static ExpectedResult sf1(int number) {
    List<AnswerType> types = TYPES.get(number);
    if (types == null) {
      throw new IllegalArgumentException("TPC-H queries are numbered 1 to " + TpchQueries.COUNT + ", got " + number);
    }
    String resource = String.format("answers/sf1/q%02d.csv", number);
    List<String> lines = read(resource);
    List<String> columns = split(lines.get(0));
    if (columns.size() != types.size()) {
      throw new IllegalStateException(resource + " has " + columns.size() + " columns, declared " + types.size());
    }
    List<List<Object>> rows = new ArrayList<>();
    for (int i = 1; i < lines.size(); i++) {
      List<String> fields = split(lines.get(i));
      if (fields.size() != types.size()) {
        throw new IllegalStateException(resource + " line " + (i + 1) + " has " + fields.size() + " fields");
      }
      List<Object> row = new ArrayList<>(fields.size());
      for (int c = 0; c < fields.size(); c++) {
        row.add(types.get(c).parse(fields.get(c)));
      }
      rows.add(row);
    }
    return new ExpectedResult(number, columns, types, rows);
  }

  /** The answer of query {@code number} at scale factor {@code sf}, where one is known: SF 1 and SF 0.01. */
  public static Optional<ExpectedResult> forScale(double sf, int number) {
    if (sf == 1) {
      return Optional.of(sf1(number));
    }
    if (sf == 0.01) {
      return Optional.of(sf001(number));
    }
    return Optional.empty();
  }

  /** Whether {@link #forScale} knows the answers at scale factor {@code sf}. */
  public static boolean available(double sf) {
    return sf == 1 || sf == 0.01;
  }

  /** The answer of query {@code number} at scale factor 0.01, from the io.trino.tpch jar. */
  public static ExpectedResult sf001(int number) {
    ExpectedResult sf1 = sf1(number);
    String resource = "/io/trino/tpch/queries/q" + number + ".result";
    List<List<Object>> rows = new ArrayList<>();
    for (String line : read(resource)) {
      if (line.startsWith("--")) {
        continue;
      }
      List<String> fields = split(line);
      // Some lines end with a separator, some do not.
      if (fields.size() == sf1.types().size() + 1 && fields.getLast().isEmpty()) {
        fields = fields.subList(0, fields.size() - 1);
      }
      if (fields.size() != sf1.types().size()) {
        throw new IllegalStateException(resource + " has a line of " + fields.size() + " fields: " + line);
      }
      List<Object> row = new ArrayList<>(fields.size());
      for (int c = 0; c < fields.size(); c++) {
        // Trino writes SQL NULL as "null" (Q17 at this scale: no part qualifies).
        row.add(fields.get(c).equals("null") ? null : sf1.types().get(c).parse(fields.get(c)));
      }
      rows.add(row);
    }
    return new ExpectedResult(number, sf1.columns(), sf1.types(), rows);
  }

  /**
   * Another engine's result of query {@code number} as an answer to check ours against: its values converted to
   * the types the reference answers use (so the same rules apply: decimals to the cent, doubles within 0.01).
   */
  public static ExpectedResult fromRows(int number, List<? extends List<?>> rows) {
    ExpectedResult sf1 = sf1(number);
    List<AnswerType> types = sf1.types();
    List<List<Object>> typed = new ArrayList<>(rows.size());
    for (List<?> row : rows) {
      if (row.size() != types.size()) {
        throw new IllegalArgumentException("Q" + number + " has " + types.size() + " columns, a row has "
            + row.size());
      }
      List<Object> values = new ArrayList<>(row.size());
      for (int c = 0; c < row.size(); c++) {
        values.add(row.get(c) == null ? null : types.get(c).convert(row.get(c)));
      }
      typed.add(values);
    }
    return new ExpectedResult(number, sf1.columns(), types, typed);
  }

  private static List<String> read(String resource) {
    try (InputStream in = TpchAnswers.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + resource + " next to " + TpchAnswers.class);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> !l.isEmpty()).toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource, e);
    }
  }

  private static List<String> split(String line) {
    return Arrays.asList(line.split("\\|", -1));
  }
}
