package dev.ballista.engine.expr;

import dev.ballista.engine.exec.Batch;
import dev.ballista.engine.exec.TaskContext;
import dev.ballista.engine.types.DataType;
import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BitVectorHelper;
import org.apache.arrow.vector.FieldVector;

/** NOT x: flips valid values, NULL stays NULL. */
public record NotExpr(PhysicalExpr input) implements PhysicalExpr {
  @Override
  public DataType type() {
    return DataType.BOOLEAN;
  }

  @Override
  public FieldVector evaluate(Batch batch, TaskContext context) {
    int rows = batch.rowCount();
    int bytes = BitVectorHelper.getValidityBufferSize(rows);
    FieldVector out = Vectors.allocate(DataType.BOOLEAN, rows, context.allocator());
    try (FieldVector in = input.evaluate(batch, context)) {
      ArrowBuf src = in.getDataBuffer();
      ArrowBuf dst = out.getDataBuffer();
      for (int i = 0; i < bytes; i++) {
        dst.setByte(i, ~src.getByte(i));
      }
      LongLane.copyValidity(in, out, rows);
    }
    out.setValueCount(rows);
    return out;
  }

  @Override
  public List<PhysicalExpr> children() {
    return List.of(input);
  }

  @Override
  public String toString() {
    return "NOT " + input;
  }
}
