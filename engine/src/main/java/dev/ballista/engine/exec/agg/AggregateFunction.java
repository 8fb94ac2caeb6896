package dev.ballista.engine.exec.agg;

/**
 * Aggregate functions the engine runs. AVG, STDDEV and VARIANCE reach it already rewritten by the planner into
 * these; COUNT's partial counts are merged with SUM0, so partial and final aggregation use the same operator.
 */
public enum AggregateFunction {
  COUNT_STAR, COUNT, SUM, SUM0, MIN, MAX, ANY_VALUE;

  /** The function that merges partial results of this one. */
  public AggregateFunction mergeFunction() {
    return switch (this) {
      case COUNT_STAR, COUNT, SUM0 -> SUM0;
      case SUM -> SUM;
      case MIN -> MIN;
      case MAX -> MAX;
      case ANY_VALUE -> ANY_VALUE;
    };
  }
}
