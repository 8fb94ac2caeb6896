package dev.ballista.tpch;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

/**
 * The 22 TPC-H queries (specification 2.x text). Resources {@code queries/qNN.sql} are templates with
 * {@code ${NAME}} where the specification substitutes a parameter; {@link #query(int)} fills in the validation
 * parameters, whose results at scale factor 1 are {@link TpchAnswers}, {@link #query(int, Map)} any others (see
 * {@link TpchParameters}). Written for Calcite: {@code limit N} for the row limits of Q2, Q3, Q10, Q18 and Q21,
 * Q15's view as a {@code with} clause. Q11's default FRACTION is 0.0001, its value for scale factor 1.
 */
public final class TpchQueries {
  public static final int COUNT = 22;
  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z0-9]+)}");

  private TpchQueries() {}

  /** Query {@code number}, 1 to 22, with the validation parameters. */
  public static TpchQuery query(int number) {
    return query(number, TpchParameters.defaults(number));
  }

  /** Query {@code number} with {@code parameters}, which must name exactly the template's placeholders. */
  public static TpchQuery query(int number, Map<String, String> parameters) {
    String template = template(number);
    Matcher m = PLACEHOLDER.matcher(template);
    StringBuilder sql = new StringBuilder();
    Set<String> used = new HashSet<>();
    while (m.find()) {
      String value = parameters.get(m.group(1));
      if (value == null) {
        throw new IllegalArgumentException("Q" + number + " needs parameter " + m.group(1));
      }
      used.add(m.group(1));
      m.appendReplacement(sql, Matcher.quoteReplacement(value));
    }
    m.appendTail(sql);
    if (!used.equals(parameters.keySet())) {
      throw new IllegalArgumentException("Q" + number + " has parameters " + used + ", given " + parameters.keySet());
    }
    return new TpchQuery(number, sql.toString());
  }

  /** The text of query {@code number} with its {@code ${NAME}} placeholders. */
  public static String template(int number) {
    if (number < 1 || number > COUNT) {
      throw new IllegalArgumentException("TPC-H queries are numbered 1 to " + COUNT + ", got " + number);
    }
    String resource = String.format("queries/q%02d.sql", number);
    try (InputStream in = TpchQueries.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + resource + " next to " + TpchQueries.class);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource, e);
    }
  }

  public static List<TpchQuery> all() {
    return IntStream.rangeClosed(1, COUNT).mapToObj(TpchQueries::query).toList();
  }
}
