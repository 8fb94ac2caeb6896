package dev.ballista.engine.expr;

import dev.ballista.engine.exec.Batch;
import dev.ballista.engine.exec.TaskContext;
import dev.ballista.engine.types.DataType;
import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.BitVectorHelper;
import org.apache.arrow.vector.FieldVector;

/** x IS NULL, or x IS NOT NULL when {@code negated}; never NULL itself. */
public record IsNullExpr(PhysicalExpr input, boolean negated) implements PhysicalExpr {
  @Override
  public DataType type() {
    return DataType.BOOLEAN;
  }

  @Override
  public FieldVector evaluate(Batch batch, TaskContext context) {
    int rows = batch.rowCount();
    int bytes = BitVectorHelper.getValidityBufferSize(rows);
    BitVector out = Vectors.allocateBits(rows, context.allocator());
    try (FieldVector v = input.evaluate(batch, context)) {
      ArrowBuf validity = Vectors.validityOrNull(v);
      ArrowBuf data = out.getDataBuffer();
      for (int i = 0; i < bytes; i++) {
        int isValid = validity == null ? 0xff : validity.getByte(i) & 0xff;
        data.setByte(i, negated ? isValid : ~isValid);
      }
    }
    out.getValidityBuffer().setOne(0, bytes);
    out.setValueCount(rows);
    return out;
  }

  @Override
  public List<PhysicalExpr> children() {
    return List.of(input);
  }

  @Override
  public String toString() {
    return input + (negated ? " IS NOT NULL" : " IS NULL");
  }
}
