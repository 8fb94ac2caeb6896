package dev.ballista.tpch;

import java.util.ArrayList;
import java.util.List;

/**
 * A reference answer of one TPC-H query: column names and types, and the rows in the query's order. A null value
 * (Q17's average over no rows at small scale factors) matches only a null.
 */
public record ExpectedResult(int query, List<String> columns, List<AnswerType> types, List<List<Object>> rows) {
  private static final int MAX_REPORTED = 10;

  public ExpectedResult {
    columns = List.copyOf(columns);
    types = List.copyOf(types);
    rows = List.copyOf(rows);
  }

  /**
   * How {@code actualRows} differ from this answer, row by row in order under each column's {@link AnswerType}
   * rule; empty when they match. At most ten differences are listed, then a count of the rest.
   */
  public List<String> mismatches(List<? extends List<?>> actualRows) {
    List<String> problems = new ArrayList<>();
    if (actualRows.size() != rows.size()) {
      problems.add("expected " + rows.size() + " rows, got " + actualRows.size());
    }
    int differences = 0;
    for (int r = 0; r < Math.min(rows.size(), actualRows.size()); r++) {
      List<?> actual = actualRows.get(r);
      if (actual.size() != columns.size()) {
        differences++;
        report(problems, differences, "row " + (r + 1) + ": expected " + columns.size() + " columns, got "
            + actual.size());
        continue;
      }
      for (int c = 0; c < columns.size(); c++) {
        Object expected = rows.get(r).get(c);
        Object value = actual.get(c);
        boolean same = expected == null || value == null ? expected == value : types.get(c).matches(expected, value);
        if (!same) {
          differences++;
          report(problems, differences, "row " + (r + 1) + ", " + columns.get(c) + ": expected " + expected
              + ", got " + value);
        }
      }
    }
    if (differences > MAX_REPORTED) {
      problems.add("... and " + (differences - MAX_REPORTED) + " more differences");
    }
    return problems;
  }

  private static void report(List<String> problems, int differences, String problem) {
    if (differences <= MAX_REPORTED) {
      problems.add(problem);
    }
  }
}
