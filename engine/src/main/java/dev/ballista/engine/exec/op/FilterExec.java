package dev.ballista.engine.exec.op;

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
import org.apache.arrow.vector.FieldVector;

/**
 * Keeps the rows whose predicate is TRUE (not FALSE, not NULL). With a projection it outputs only those input
 * columns, so columns the predicate needs but the rest of the plan does not are never copied. The predicate's AND
 * conjuncts run cheapest first, each on the rows the previous ones kept (see {@link ConjunctFilter}).
 */
public final class FilterExec extends UnaryExec {
  private final PhysicalExpr predicate;
  private final ConjunctFilter conjuncts;
  private final int[] projection;
  private final RowSchema schema;

  public FilterExec(ExecutionPlan input, PhysicalExpr predicate) {
    this(input, predicate, null);
  }

  /** {@code projection}: the input columns to output, in order, or null for all. */
  public FilterExec(ExecutionPlan input, PhysicalExpr predicate, int[] projection) {
    super(input);
    this.predicate = predicate;
    this.conjuncts = new ConjunctFilter(predicate, input.schema());
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
    ConjunctFilter.Selector selector = conjuncts.selector();
    return new BatchStream() {
      @Override
      public Batch next() {
        Batch batch;
        while ((batch = in.next()) != null) {
          try (Batch b = batch) {
            int rows = b.rowCount();
            int selected = selector.select(b, context);
            if (selected == 0) {
              continue;
            }
            int[] selection = selector.rows();
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

  @Override
  public String describe() {
    return "FilterExec: " + predicate + (projection == null ? "" : " projection=" + java.util.Arrays.toString(projection));
  }
}
