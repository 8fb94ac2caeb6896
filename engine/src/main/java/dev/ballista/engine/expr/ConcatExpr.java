package dev.ballista.engine.expr;

import dev.ballista.engine.exec.Batch;
import dev.ballista.engine.exec.TaskContext;
import dev.ballista.engine.types.DataType;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarCharVector;

/**
 * String concatenation of VARCHAR inputs. {@code a || b} is NULL when any input is (SQL standard);
 * {@code CONCAT(a, b, ...)} skips NULL inputs and is never NULL (PostgreSQL, DataFusion).
 */
public record ConcatExpr(List<PhysicalExpr> inputs, boolean skipNulls) implements PhysicalExpr {
  public ConcatExpr {
    inputs = List.copyOf(inputs);
  }

  @Override
  public DataType type() {
    return DataType.VARCHAR;
  }

  @Override
  public FieldVector evaluate(Batch batch, TaskContext context) {
    int rows = batch.rowCount();
    VarCharVector[] in = new VarCharVector[inputs.size()];
    try {
      long bytes = 0;
      for (int k = 0; k < in.length; k++) {
        in[k] = (VarCharVector) inputs.get(k).evaluate(batch, context);
        bytes += in[k].getOffsetBuffer().getInt((long) rows << 2);
      }
      Utf8Builder out = new Utf8Builder(rows, bytes, context.allocator());
      for (int i = 0; i < rows; i++) {
        if (!skipNulls && anyNull(in, i)) {
          out.nullRow(i);
          continue;
        }
        for (VarCharVector v : in) {
          if (!v.isNull(i)) {
            int start = Utf8.start(v, i);
            out.append(v.getDataBuffer(), start, Utf8.end(v, i) - start);
          }
        }
        out.endRow(i);
      }
      return out.finish(rows);
    } finally {
      for (VarCharVector v : in) {
        if (v != null) {
          v.close();
        }
      }
    }
  }

  private static boolean anyNull(VarCharVector[] in, int row) {
    for (VarCharVector v : in) {
      if (v.isNull(row)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public List<PhysicalExpr> children() {
    return inputs;
  }

  @Override
  public String toString() {
    return (skipNulls ? "CONCAT" : "||") + inputs;
  }
}
