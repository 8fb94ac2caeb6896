package dev.ballista.engine.exec.op;

import dev.ballista.engine.types.RowSchema;
import dev.ballista.engine.exec.Batch;
import dev.ballista.engine.exec.BatchStream;
import dev.ballista.engine.exec.ExecutionPlan;
import dev.ballista.engine.exec.Partitioning;
import dev.ballista.engine.exec.UnaryExec;
import dev.ballista.engine.exec.TaskContext;
import dev.ballista.engine.exec.kernel.Gather;
import dev.ballista.engine.expr.PhysicalExpr;
import dev.ballista.engine.expr.Vectors;
import dev.ballista.engine.types.RowSchema;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.FieldVector;

/**
 * Keeps the rows whose predicate is TRUE (not FALSE, not NULL). With a projection it outputs only those input
 * columns, so columns the predicate needs but the rest of the plan does not are never copied.
 */
public final class FilterExec extends UnaryExec {
  private final PhysicalExpr predicate;
  private final int[] projection;
  private final RowSchema schema;

  public FilterExec(ExecutionPlan input, PhysicalExpr predicate) {
    this(input, predicate, null);
  }

  /** {@code projection}: the input columns to output, in order, or null for all. */
  public FilterExec(ExecutionPlan input, PhysicalExpr predicate, int[] projection) {
    super(input);
    this.predicate = predicate;
    this.projection = projection == null ? null : projection.clone();
    if (projection == null) {
      this.schema = input.schema();
    } else {
      java.util.List<dev.ballista.engine.types.Column> columns = new java.util.ArrayList<>();
      for (int c : projection) {
        columns.add(input.schema().column(c));
      }
      this.schema = new RowSchema(columns);
    }
  }

  public PhysicalExpr predicate() {
    return predicate;
  }

  /** The input columns output, or null for all of them. */
  public int[] projection() {
    return projection == null ? null : projection.clone();
  }

  @Override
  public RowSchema schema() {
    return schema;
  }

  @Override
  protected ExecutionPlan withInput(ExecutionPlan newInput) {
    return new FilterExec(newInput, predicate, projection);
  }

  @Override
  public Partitioning outputPartitioning() {
    Partitioning in = input.outputPartitioning();
    return projection == null ? in : in.throughColumns(projection);
  }

  private int inputColumn(int output) {
    return projection == null ? output : projection[output];
  }

  @Override
  public BatchStream execute(int partition, TaskContext context) {
    BatchStream in = input.execute(partition, context);
    return new BatchStream() {
      private int[] selection = new int[0];

      @Override
      public Batch next() {
        Batch batch;
        while ((batch = in.next()) != null) {
          try (Batch b = batch) {
            int rows = b.rowCount();
            int selected;
            try (FieldVector mask = predicate.evaluate(b, context)) {
              if (selection.length < rows) {
                selection = new int[rows];
              }
              selected = select(mask, rows, selection);
            }
            if (selected == 0) {
              continue;
            }
            FieldVector[] out = new FieldVector[schema.size()];
            for (int c = 0; c < out.length; c++) {
              FieldVector column = b.column(inputColumn(c));
              out[c] = selected == rows ? Vectors.share(column, context.allocator())
                  : Gather.take(column, schema.type(c), selection, selected, context.allocator());
            }
            return new Batch(out, selected);
          }
        }
        return null;
      }

      @Override
      public void close() {
        in.close();
      }
    };
  }

  /** Row indices where the mask is valid and true; returns how many. */
  static int select(FieldVector mask, int rows, int[] selection) {
    ArrowBuf values = mask.getDataBuffer();
    ArrowBuf validity = Vectors.validityOrNull(mask);
    int n = 0;
    int bytes = (rows + 7) >>> 3;
    for (int byteIndex = 0; byteIndex < bytes; byteIndex++) {
      int bits = values.getByte(byteIndex) & 0xff;
      if (validity != null) {
        bits &= validity.getByte(byteIndex) & 0xff;
      }
      int base = byteIndex << 3;
      while (bits != 0) {
        int bit = Integer.numberOfTrailingZeros(bits);
        int row = base + bit;
        if (row < rows) {
          selection[n++] = row;
        }
        bits &= bits - 1;
      }
    }
    return n;
  }

  @Override
  public String describe() {
    return "FilterExec: " + predicate + (projection == null ? "" : " projection=" + java.util.Arrays.toString(projection));
  }
}
