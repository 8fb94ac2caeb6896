package dev.ballista.tpch;

/**
 * Hears how TPC-H generation advances, per table, to draw progress. Every table this run will write is announced
 * with {@link #tableStarted} before the first row is made, so the overall total is known from the start.
 * {@link #rowsGenerated} is called from the generator's worker threads, concurrently for different tables:
 * implementations must be thread-safe and quick.
 */
public interface GenerationListener {
  GenerationListener NONE = new GenerationListener() {};

  /** The table is already complete at this scale factor; it is not written again. */
  default void tableSkipped(String table) {}

  /**
   * The table will be written; {@code rowsTotal} is what this run will add (parts left from an earlier run
   * excluded). It is exact except for lineitem, whose line count per order is random: there it is the expected
   * count, within a fraction of a percent.
   */
  default void tableStarted(String table, long rowsTotal) {}

  /** Rows written so far in this run for the table, after each batch. */
  default void rowsGenerated(String table, long rowsDone, long rowsTotal) {}

  /** All files of the table are complete; {@code rows} is the exact count this run wrote. */
  default void tableFinished(String table, long rows) {}
}
