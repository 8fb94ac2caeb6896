package dev.ballista.engine.exec.window;

import dev.ballista.engine.exec.Batch;
import dev.ballista.engine.exec.TaskContext;
import dev.ballista.engine.exec.kernel.Batches;
import dev.ballista.engine.exec.kernel.Gather;
import dev.ballista.engine.expr.CastExpr;
import dev.ballista.engine.expr.ColumnExpr;
import dev.ballista.engine.expr.PhysicalExpr;
import dev.ballista.engine.types.DataType;
import org.apache.arrow.vector.FieldVector;

/**
 * LAG, LEAD, FIRST_VALUE, LAST_VALUE and NTH_VALUE: each picks, for every row, one row of the batch (or none,
 * giving NULL), so they come down to computing row indices and one gather of the argument column.
 */
final class ValueFunctions {
  private ValueFunctions() {}

  static FieldVector evaluate(WindowCall call, Batch batch, DataType argumentType, RowLayout layout,
      FrameBounds frames, TaskContext context) {
    int rows = layout.rows;
    int[] indices = new int[rows];
    boolean anyDefault = false;
    switch (call.function()) {
      case LAG, LEAD -> {
        long offset = call.function() == WindowFunction.LAG ? -call.constant() : call.constant();
        // Rows whose target falls outside the partition take the default: row batchRows + i of the combined input.
        int defaultBase = call.defaultValue() == null ? -1 : batch.rowCount();
        for (int i = 0; i < rows; i++) {
          long j = i + offset;
          if (j >= layout.partitionStart[i] && j < layout.partitionEnd[i]) {
            indices[i] = (int) j;
          } else {
            indices[i] = defaultBase < 0 ? -1 : defaultBase + i;
            anyDefault |= defaultBase >= 0;
          }
        }
      }
      case FIRST_VALUE -> {
        for (int i = 0; i < rows; i++) {
          indices[i] = frames.start[i] < frames.end[i] ? frames.start[i] : -1;
        }
      }
      case LAST_VALUE -> {
        for (int i = 0; i < rows; i++) {
          indices[i] = frames.start[i] < frames.end[i] ? frames.end[i] - 1 : -1;
        }
      }
      case NTH_VALUE -> {
        long n = call.constant();
        for (int i = 0; i < rows; i++) {
          long j = frames.start[i] + n - 1;
          indices[i] = j < frames.end[i] ? (int) j : -1;
        }
      }
      default -> throw new IllegalStateException("not a value function: " + call.function());
    }
    DataType type = call.type();
    try (FieldVector argument = argument(call, batch, argumentType, context)) {
      if (!anyDefault) {
        return Gather.take(argument, type, indices, rows, context.allocator());
      }
      try (FieldVector defaults = call.defaultValue().evaluate(batch, context);
           FieldVector combined = Batches.concatenate(new FieldVector[] {argument, defaults}, 2 * batch.rowCount(),
               context.allocator())) {
        return Gather.take(combined, type, indices, rows, context.allocator());
      }
    }
  }

  /** The argument column in the result type (a share of the column when the types agree). */
  private static FieldVector argument(WindowCall call, Batch batch, DataType argumentType, TaskContext context) {
    PhysicalExpr column = new ColumnExpr(call.argument(), argumentType);
    PhysicalExpr expr = argumentType.equals(call.type()) ? column : new CastExpr(column, call.type());
    return expr.evaluate(batch, context);
  }
}
