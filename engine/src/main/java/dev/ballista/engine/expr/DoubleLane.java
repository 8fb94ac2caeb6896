package dev.ballista.engine.expr;

import dev.ballista.engine.exec.Batch;
import dev.ballista.engine.exec.TaskContext;
import dev.ballista.engine.types.DataType;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;

/** An operand of a kernel that computes on doubles: a constant or a vector of 8-byte doubles. */
final class DoubleLane implements AutoCloseable {
  final boolean constant;
  final double constantValue;
  final boolean constantNull;
  final ArrowBuf data;
  final ArrowBuf validity;
  private final FieldVector owned;

  private DoubleLane(double value, boolean isNull) {
    constant = true;
    constantValue = value;
    constantNull = isNull;
    data = null;
    validity = null;
    owned = null;
  }

  private DoubleLane(FieldVector vector) {
    constant = false;
    constantValue = 0;
    constantNull = false;
    owned = vector;
    data = vector.getDataBuffer();
    validity = Vectors.validityOrNull(vector);
  }

  static DoubleLane of(PhysicalExpr expr, Batch batch, TaskContext context) {
    if (expr instanceof LiteralExpr lit) {
      return lit.isNull() ? new DoubleLane(0, true) : new DoubleLane(lit.doubleValue(), false);
    }
    if (expr.type().kind() != DataType.Kind.DOUBLE) {
      expr = new CastExpr(expr, DataType.DOUBLE);
    }
    return new DoubleLane(expr.evaluate(batch, context));
  }

  double get(int i) {
    return constant ? constantValue : data.getDouble((long) i << 3);
  }

  static Float8Vector allocate(int rows, TaskContext context) {
    return Vectors.allocateDoubles(rows, context.allocator());
  }

  @Override
  public void close() {
    if (owned != null) {
      owned.close();
    }
  }
}
