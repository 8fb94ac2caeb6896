package dev.ballista.engine.exec.op;

import dev.ballista.engine.exec.Batch;
import dev.ballista.engine.exec.BatchStream;
import dev.ballista.engine.exec.ExecutionPlan;
import dev.ballista.engine.exec.Partitioning;
import dev.ballista.engine.exec.TaskContext;
import dev.ballista.engine.expr.ColumnExpr;
import dev.ballista.engine.expr.PhysicalExpr;
import dev.ballista.engine.types.Column;
import dev.ballista.engine.types.RowSchema;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.FieldVector;

/** Computes one output column per expression. */
public final class ProjectExec implements ExecutionPlan {
  private final ExecutionPlan input;
  private final List<PhysicalExpr> expressions;
  private final RowSchema schema;

  public ProjectExec(ExecutionPlan input, List<PhysicalExpr> expressions, List<String> names) {
    this.input = input;
    this.expressions = List.copyOf(expressions);
    List<Column> columns = new ArrayList<>();
    for (int i = 0; i < expressions.size(); i++) {
      columns.add(Column.of(names.get(i), expressions.get(i).type()));
    }
    this.schema = new RowSchema(columns);
  }

  public List<PhysicalExpr> expressions() {
    return expressions;
  }

  public List<String> names() {
    return schema.columns().stream().map(Column::name).toList();
  }

  @Override
  public RowSchema schema() {
    return schema;
  }

  @Override
  public List<ExecutionPlan> children() {
    return List.of(input);
  }

  @Override
  public Partitioning outputPartitioning() {
    int[] sources = new int[expressions.size()];
    for (int c = 0; c < sources.length; c++) {
      sources[c] = expressions.get(c) instanceof ColumnExpr column ? column.index() : -1;
    }
    return input.outputPartitioning().throughColumns(sources);
  }

  @Override
  public ExecutionPlan withChildren(List<ExecutionPlan> children) {
    return new ProjectExec(children.get(0), expressions, names());
  }

  @Override
  public BatchStream execute(int partition, TaskContext context) {
    BatchStream in = input.execute(partition, context);
    return new BatchStream() {
      @Override
      public Batch next() {
        try (Batch b = in.next()) {
          if (b == null) {
            return null;
          }
          FieldVector[] out = new FieldVector[expressions.size()];
          try {
            for (int i = 0; i < out.length; i++) {
              out[i] = expressions.get(i).evaluate(b, context);
            }
          } catch (RuntimeException e) {
            for (FieldVector v : out) {
              if (v != null) {
                v.close();
              }
            }
            throw e;
          }
          return new Batch(out, b.rowCount());
        }
      }

      @Override
      public void close() {
        in.close();
      }
    };
  }

  @Override
  public String describe() {
    List<String> items = new ArrayList<>();
    for (int i = 0; i < expressions.size(); i++) {
      items.add(expressions.get(i) + " AS " + schema.column(i).name());
    }
    return "ProjectExec: " + String.join(", ", items);
  }
}
