package dev.ballista.tpch.run;

import dev.ballista.tpch.TpchQueries;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

/** Which queries to run, from "all" or a list such as "1,3,5-7": numbers in the order given, each once. */
public final class QuerySelection {
  private QuerySelection() {}

  public static List<Integer> parse(String text) {
    String spec = text == null ? "" : text.strip();
    if (spec.isEmpty() || spec.equalsIgnoreCase("all")) {
      return IntStream.rangeClosed(1, TpchQueries.COUNT).boxed().toList();
    }
    Set<Integer> queries = new LinkedHashSet<>();
    for (String part : spec.split(",")) {
      String item = part.strip().replaceFirst("^[qQ]", "");
      int dash = item.indexOf('-');
      int from = number(dash < 0 ? item : item.substring(0, dash), text);
      int to = dash < 0 ? from : number(item.substring(dash + 1).replaceFirst("^[qQ]", ""), text);
      if (to < from) {
        throw new IllegalArgumentException("bad query range '" + part.strip() + "' in '" + text + "'");
      }
      for (int q = from; q <= to; q++) {
        queries.add(q);
      }
    }
    return new ArrayList<>(queries);
  }

  private static int number(String text, String whole) {
    int n;
    try {
      n = Integer.parseInt(text.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("bad query list '" + whole + "': expected numbers 1 to "
          + TpchQueries.COUNT + " like 1,3,5-7, or all");
    }
    if (n < 1 || n > TpchQueries.COUNT) {
      throw new IllegalArgumentException("TPC-H queries are numbered 1 to " + TpchQueries.COUNT + ", got " + n);
    }
    return n;
  }
}
