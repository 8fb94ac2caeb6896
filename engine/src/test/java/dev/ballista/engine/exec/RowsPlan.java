package dev.ballista.engine.exec;

import dev.ballista.engine.expr.ValueReader;
import dev.ballista.engine.expr.ValueWriter;
import dev.ballista.engine.expr.Vectors;
import dev.ballista.engine.types.RowSchema;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;

/** A test input: rows given as values (in their engine lanes), served as one partition in batches of a set size. */
public record RowsPlan(RowSchema schema, List<List<Object>> rows, int batchRows) implements ExecutionPlan {
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
  public String describe() {
    return "RowsPlan";
  }

  @Override
  public BatchStream execute(int partition, TaskContext context) {
    return new BatchStream() {
      private int next;

      @Override
      public Batch next() {
        if (next >= rows.size()) {
          return null;
        }
        int count = Math.min(batchRows, rows.size() - next);
        FieldVector[] columns = new FieldVector[schema.size()];
        for (int c = 0; c < columns.length; c++) {
          columns[c] = Vectors.allocate(schema.type(c), count, context.allocator());
          ValueWriter writer = ValueWriter.of(columns[c], schema.type(c));
          for (int r = 0; r < count; r++) {
            writer.set(r, rows.get(next + r).get(c));
          }
          columns[c].setValueCount(count);
        }
        next += count;
        return new Batch(columns, count);
      }

      @Override
      public void close() {}
    };
  }

  /** Runs partition 0 of {@code plan} and returns its rows as values; fails if any buffer leaks. */
  public static List<List<Object>> collect(ExecutionPlan plan, int batchSize) {
    try (BufferAllocator allocator = new RootAllocator()) {
      TaskContext context = new TaskContext(allocator, batchSize, null);
      List<List<Object>> out = new ArrayList<>();
      try (BatchStream stream = plan.execute(0, context)) {
        Batch next;
        while ((next = stream.next()) != null) {
          try (Batch b = next) {
            for (int r = 0; r < b.rowCount(); r++) {
              List<Object> row = new ArrayList<>();
              for (int c = 0; c < plan.schema().size(); c++) {
                row.add(ValueReader.of(b.column(c), plan.schema().type(c)).get(r));
              }
              out.add(row);
            }
          }
        }
      }
      return out;
    }
  }
}
