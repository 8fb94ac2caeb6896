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
   * The result columns each query orders by (its ORDER BY, as positions), most significant first: rows equal in
   * them may come in any order.
   */
  private static final int[][] ORDER_COLUMNS = {
      {}, {0, 1}, {0, 2, 1, 3}, {1, 2}, {0}, {1}, {}, {0, 1, 2}, {0}, {0, 1}, {2}, {1}, {0}, {1, 0}, {}, {0},
      {3, 0, 1, 2}, {}, {4, 3}, {}, {0}, {1, 0}, {0}};

  /**
   * How {@code actualRows} differ from this answer, row by row in order under each column's {@link AnswerType}
   * rule; empty when they match. Rows that tie in the query's ORDER BY columns match in any order among
   * themselves. At most ten differences are listed, then a count of the rest.
   */
  public List<String> mismatches(List<? extends List<?>> actualRows) {
    actualRows = tiesInAnswerOrder(actualRows);
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

  /**
   * The actual rows with each run of rows that tie in the ORDER BY columns put in the answer's order, where the run
   * holds the same rows as the answer's at those positions; anything else is left for the row-by-row comparison.
   */
  private List<? extends List<?>> tiesInAnswerOrder(List<? extends List<?>> actualRows) {
    int[] keys = query >= 0 && query < ORDER_COLUMNS.length ? ORDER_COLUMNS[query] : new int[0];
    if (keys.length == 0 || actualRows.size() != rows.size()) {
      return actualRows;
    }
    List<List<?>> out = new ArrayList<>(actualRows);
    int start = 0;
    while (start < rows.size()) {
      int end = start + 1;
      while (end < rows.size() && sameIn(keys, rows.get(start), rows.get(end))) {
        end++;
      }
      if (end - start > 1) {
        List<List<?>> run = new ArrayList<>(actualRows.subList(start, end));
        List<List<?>> ordered = new ArrayList<>();
        for (int r = start; r < end; r++) {
          List<?> expected = rows.get(r);
          List<?> match = null;
          for (List<?> candidate : run) {
            if (candidate.size() == columns.size() && sameIn(allColumns(), expected, candidate)) {
              match = candidate;
              break;
            }
          }
          if (match == null) {
            break;
          }
          run.remove(match);
          ordered.add(match);
        }
        if (ordered.size() == end - start) {
          for (int r = start; r < end; r++) {
            out.set(r, ordered.get(r - start));
          }
        }
      }
      start = end;
    }
    return out;
  }

  private int[] allColumns() {
    int[] all = new int[columns.size()];
    for (int c = 0; c < all.length; c++) {
      all[c] = c;
    }
    return all;
  }

  private boolean sameIn(int[] cols, List<?> expected, List<?> actual) {
    for (int c : cols) {
      Object e = expected.get(c);
      Object a = actual.get(c);
      if (e == null || a == null ? e != a : !types.get(c).matches(e, a)) {
        return false;
      }
    }
    return true;
  }

  private static void report(List<String> problems, int differences, String problem) {
    if (differences <= MAX_REPORTED) {
      problems.add(problem);
    }
  }
}
