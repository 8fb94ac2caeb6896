package dev.ballista.engine.expr;

import dev.ballista.engine.exec.Batch;
import dev.ballista.engine.exec.TaskContext;
import dev.ballista.engine.types.DataType;
import java.util.List;
import org.apache.arrow.vector.FieldVector;

/**
 * A scalar expression evaluated a whole vector at a time. {@link #evaluate} returns a vector of
 * {@code batch.rowCount()} values that the caller owns and closes (a column reference returns a zero-copy share
 * of the input column).
 */
public interface PhysicalExpr {
  DataType type();

  FieldVector evaluate(Batch batch, TaskContext context);

  List<PhysicalExpr> children();
}
