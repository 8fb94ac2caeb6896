package dev.ballista.engine.exec.agg;

import dev.ballista.engine.types.DataType;

/** Picks the accumulator for an aggregate call from its function and types. */
final class Accumulators {
  private Accumulators() {}

  static Accumulator create(AggregateCall call) {
    DataType result = call.type();
    DataType input = call.argument() == null ? null : call.argument().type();
    return switch (call.function()) {
      case COUNT_STAR, COUNT -> new CountAccumulator();
      case SUM, SUM0 -> {
        boolean zero = call.function() == AggregateFunction.SUM0;
        if (result.isFloating()) {
          yield new SumDoubleAccumulator(zero);
        }
        if (result.storage() == DataType.Storage.DECIMAL128) {
          yield new SumInt128Accumulator(result, input);
        }
        yield new SumLongAccumulator(result, zero);
      }
      case MIN, MAX, ANY_VALUE -> new MinMaxAccumulator(result, call.function());
    };
  }
}
