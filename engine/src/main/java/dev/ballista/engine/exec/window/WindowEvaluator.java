package dev.ballista.engine.exec.window;

import dev.ballista.engine.exec.Batch;
import dev.ballista.engine.exec.TaskContext;
import dev.ballista.engine.types.DataType;
import dev.ballista.engine.types.RowSchema;
import org.apache.arrow.vector.FieldVector;

/** Computes one window function's column for the first {@code layout.rows} rows of a sorted batch. */
final class WindowEvaluator {
  private WindowEvaluator() {}

  static FieldVector evaluate(WindowCall call, Batch batch, RowSchema schema, RowLayout layout,
      TaskContext context) {
    int rows = layout.rows;
    FrameBounds frames = call.function().usesFrame() ? FrameBounds.of(layout, call.frame()) : null;
    FieldVector argument = call.argument() >= 0 ? batch.column(call.argument()) : null;
    DataType argumentType = call.argument() >= 0 ? schema.type(call.argument()) : null;
    return switch (call.function()) {
      case ROW_NUMBER, RANK, DENSE_RANK, PERCENT_RANK, CUME_DIST, NTILE ->
          RankingFunctions.evaluate(call, layout, context.allocator());
      case LAG, LEAD, FIRST_VALUE, LAST_VALUE, NTH_VALUE ->
          ValueFunctions.evaluate(call, batch, argumentType, layout, frames, context);
      case COUNT_STAR, COUNT -> WindowAggregates.count(call, argument, frames, rows, context.allocator());
      case SUM, SUM0, AVG -> WindowAggregates.sum(call, argument, argumentType, frames, rows, context.allocator());
      case MIN, MAX -> WindowAggregates.minMax(call, argument, argumentType, frames, rows, context.allocator());
    };
  }
}
