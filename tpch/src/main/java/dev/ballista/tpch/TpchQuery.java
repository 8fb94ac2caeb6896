package dev.ballista.tpch;

/** One of the 22 TPC-H queries with its validation parameters, as SQL text without a trailing semicolon. */
public record TpchQuery(int number, String sql) {
  /** "q01" .. "q22", the name of its resource files. */
  public String name() {
    return String.format("q%02d", number);
  }
}
