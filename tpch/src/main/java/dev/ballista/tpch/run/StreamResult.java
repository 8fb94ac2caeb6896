package dev.ballista.tpch.run;

import java.util.List;

/** One throughput stream: its parameter seed, its query order, and each query's outcome in that order. */
public record StreamResult(int stream, long seed, List<Integer> order, double millis, List<QueryOutcome> outcomes) {
  public StreamResult {
    order = List.copyOf(order);
    outcomes = List.copyOf(outcomes);
  }
}
