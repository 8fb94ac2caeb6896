package dev.ballista.engine.expr;

import dev.ballista.engine.exec.Batch;
import dev.ballista.engine.exec.TaskContext;
import dev.ballista.engine.types.DataType;
import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.BitVectorHelper;
import org.apache.arrow.vector.FieldVector;

/**
 * AND / OR over any number of BOOLEAN operands with SQL's three-valued logic, 64 rows per step on the bitmaps:
 * AND is false if any operand is (valid and false), true if all are (valid and true), else NULL; OR is dual.
 */
public record LogicalExpr(boolean isAnd, List<PhysicalExpr> operands) implements PhysicalExpr {
  @Override
  public DataType type() {
    return DataType.BOOLEAN;
  }

  @Override
  public FieldVector evaluate(Batch batch, TaskContext context) {
    int rows = batch.rowCount();
    int bytes = BitVectorHelper.getValidityBufferSize(rows);
    BitVector out = Vectors.allocateBits(rows, context.allocator());
    ArrowBuf value = out.getDataBuffer();
    ArrowBuf valid = out.getValidityBuffer();
    // Start from the identity (AND: true, OR: false), all valid.
    value.setOne(0, bytes);
    if (!isAnd) {
      value.setZero(0, bytes);
    }
    valid.setOne(0, bytes);
    for (PhysicalExpr operand : operands) {
      try (FieldVector v = operand.evaluate(batch, context)) {
        ArrowBuf ov = v.getDataBuffer();
        ArrowBuf on = Vectors.validityOrNull(v);
        for (int i = 0; i < bytes; i++) {
          int x = value.getByte(i) & 0xff;
          int xn = valid.getByte(i) & 0xff;
          int y = ov.getByte(i) & 0xff;
          int yn = on == null ? 0xff : on.getByte(i) & 0xff;
          int resValue;
          int resValid;
          if (isAnd) {
            int xFalse = xn & ~x;
            int yFalse = yn & ~y;
            int isFalse = xFalse | yFalse;
            resValid = isFalse | (xn & yn);
            resValue = x & y & resValid & ~isFalse;
          } else {
            int xTrue = xn & x;
            int yTrue = yn & y;
            int isTrue = xTrue | yTrue;
            resValid = isTrue | (xn & yn);
            resValue = isTrue;
          }
          value.setByte(i, resValue);
          valid.setByte(i, resValid);
        }
      }
    }
    out.setValueCount(rows);
    return out;
  }

  @Override
  public List<PhysicalExpr> children() {
    return operands;
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("(");
    for (int i = 0; i < operands.size(); i++) {
      if (i > 0) {
        sb.append(isAnd ? " AND " : " OR ");
      }
      sb.append(operands.get(i));
    }
    return sb.append(')').toString();
  }
}
