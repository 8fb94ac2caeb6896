package dev.ballista.engine.exec.op;

import dev.ballista.engine.exec.Batch;
import dev.ballista.engine.exec.BatchStream;
import dev.ballista.engine.exec.ExecutionPlan;
import dev.ballista.engine.exec.Partitioning;
import dev.ballista.engine.exec.TaskContext;
import dev.ballista.engine.expr.ValueWriter;
import dev.ballista.engine.expr.Vectors;
import dev.ballista.engine.types.RowSchema;
import java.util.List;
import org.apache.arrow.vector.FieldVector;

/** Constant rows (VALUES, SELECT without FROM), each value in its engine lane (see LiteralExpr). */
public final class ValuesExec implements ExecutionPlan {
  private final RowSchema schema;
  private final List<List<Object>> rows;

  public ValuesExec(RowSchema schema, List<List<Object>> rows) {
    this.schema = schema;
    this.rows = rows;
  }

  public List<List<Object>> rows() {
    return rows;
  }

  @Override
  public RowSchema schema() {
    return schema;
  }

  @Override
  public List<ExecutionPlan> children() {
    return List.of();
  }

  @Override
  public Partitioning outputPartitioning() {
    return new Partitioning.Single();
  }

  @Override
  public ExecutionPlan withChildren(List<ExecutionPlan> children) {
    return this;
  }

  @Override
  public BatchStream execute(int partition, TaskContext context) {
    return new BatchStream() {
      private boolean done;

      @Override
      public Batch next() {
        if (done) {
          return null;
        }
        done = true;
        FieldVector[] columns = new FieldVector[schema.size()];
        for (int c = 0; c < columns.length; c++) {
          columns[c] = Vectors.allocate(schema.type(c), rows.size(), context.allocator());
          ValueWriter writer = ValueWriter.of(columns[c], schema.type(c));
          for (int r = 0; r < rows.size(); r++) {
            writer.set(r, rows.get(r).get(c));
          }
          columns[c].setValueCount(rows.size());
        }
        return new Batch(columns, rows.size());
      }

      @Override
      public void close() {}
    };
  }

  @Override
  public String describe() {
    return "ValuesExec: rows=" + rows.size();
  }
}
