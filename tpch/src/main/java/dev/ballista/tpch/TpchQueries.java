package dev.ballista.tpch;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The 22 TPC-H queries (specification 2.x text) with the validation parameters, whose results at scale factor 1
 * are {@link TpchAnswers}. Written for Calcite: {@code limit N} for the row limits of Q2, Q3, Q10, Q18 and Q21,
 * Q15's view as a {@code with} clause. Q11's FRACTION is 0.0001, its value for scale factor 1.
 */
public final class TpchQueries {
  public static final int COUNT = 22;

  private TpchQueries() {}

  /** Query {@code number}, 1 to 22. */
  public static TpchQuery query(int number) {
    if (number < 1 || number > COUNT) {
      throw new IllegalArgumentException("TPC-H queries are numbered 1 to " + COUNT + ", got " + number);
    }
    String resource = String.format("queries/q%02d.sql", number);
    try (InputStream in = TpchQueries.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + resource + " next to " + TpchQueries.class);
      }
      return new TpchQuery(number, new String(in.readAllBytes(), StandardCharsets.UTF_8).strip());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource, e);
    }
  }

  public static List<TpchQuery> all() {
    return IntStream.rangeClosed(1, COUNT).mapToObj(TpchQueries::query).toList();
  }
}
