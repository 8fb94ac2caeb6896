package dev.ballista.tpch.run;

import java.util.List;

/**
 * What {@link TpchRunner} runs: the queries in order, {@code iterations} power runs, then {@code streams}
 * concurrent streams (0 for none). {@code seed} null means the validation parameters in the power run.
 */
public record RunOptions(double sf, List<Integer> queries, int iterations, boolean validate, int streams,
    Long seed) {
  public RunOptions {
    queries = List.copyOf(queries);
    if (queries.isEmpty()) {
      throw new IllegalArgumentException("no queries to run");
    }
    if (iterations < 1) {
      throw new IllegalArgumentException("--iterations must be at least 1, got " + iterations);
    }
    if (streams < 0) {
      throw new IllegalArgumentException("--streams must be 0 or more, got " + streams);
    }
    if (!(sf > 0)) {
      throw new IllegalArgumentException("the scale factor must be positive, got " + sf);
    }
  }

  /** The parameter seed of throughput stream {@code stream} (1..S): each stream draws its own. */
  long streamSeed(int stream) {
    return (seed == null ? 0 : seed) + stream;
  }
}
