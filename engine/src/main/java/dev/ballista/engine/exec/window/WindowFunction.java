package dev.ballista.engine.exec.window;

/**
 * Window functions the engine evaluates. Ranking functions look only at the partition and the peers of a row;
 * value functions pick a row (LAG/LEAD relative to the current row, FIRST/LAST/NTH_VALUE within the frame);
 * aggregates fold the rows of the frame.
 */
public enum WindowFunction {
  ROW_NUMBER, RANK, DENSE_RANK, PERCENT_RANK, CUME_DIST, NTILE,
  LAG, LEAD, FIRST_VALUE, LAST_VALUE, NTH_VALUE,
  COUNT_STAR, COUNT, SUM, SUM0, AVG, MIN, MAX;

  /** Whether the result depends on the frame (the others ignore it, as SQL says). */
  public boolean usesFrame() {
    return switch (this) {
      case FIRST_VALUE, LAST_VALUE, NTH_VALUE, COUNT_STAR, COUNT, SUM, SUM0, AVG, MIN, MAX -> true;
      default -> false;
    };
  }

  /** Whether the function reads a column (its first argument). */
  public boolean hasArgument() {
    return switch (this) {
      case ROW_NUMBER, RANK, DENSE_RANK, PERCENT_RANK, CUME_DIST, NTILE, COUNT_STAR -> false;
      default -> true;
    };
  }
}
