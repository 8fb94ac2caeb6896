package dev.ballista.tpch.run;

import java.util.List;
import java.util.Map;

/**
 * One execution of one query: where it ran (stream 0 is the power run), its parameters, how long it took to
 * return all rows, and what went wrong if anything. {@code validation} is "match", "mismatch" or why it was not
 * checked.
 */
public record QueryOutcome(int query, int stream, int iteration, Map<String, String> parameters, double millis,
    long rows, String error, String validation, List<String> mismatches) {
  public QueryOutcome {
    parameters = Map.copyOf(parameters);
    mismatches = List.copyOf(mismatches);
  }

  public boolean failed() {
    return error != null;
  }

  public boolean mismatched() {
    return "mismatch".equals(validation);
  }

  public boolean ok() {
    return !failed() && !mismatched();
  }
}
