package dev.ballista.engine.expr;

import dev.ballista.engine.exec.Batch;
import dev.ballista.engine.exec.TaskContext;
import dev.ballista.engine.types.DataType;
import java.util.List;
import org.apache.arrow.vector.FieldVector;

/** A reference to input column {@code index}. */
public record ColumnExpr(int index, DataType type) implements PhysicalExpr {
  @Override
  public FieldVector evaluate(Batch batch, TaskContext context) {
    return Vectors.share(batch.column(index), context.allocator());
  }

  @Override
  public List<PhysicalExpr> children() {
    return List.of();
  }

  @Override
  public String toString() {
    return "#" + index;
  }
}
