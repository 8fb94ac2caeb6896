package dev.ballista.engine.exec.agg;

import dev.ballista.engine.expr.PhysicalExpr;
import dev.ballista.engine.types.DataType;

/** One aggregate of a HashAggregateExec: the function, its argument (null for COUNT(*)), its result type. */
public record AggregateCall(AggregateFunction function, PhysicalExpr argument, DataType type, String name) {
  @Override
  public String toString() {
    return function + "(" + (argument == null ? "*" : argument) + ")";
  }
}
