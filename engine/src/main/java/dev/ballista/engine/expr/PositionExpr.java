package dev.ballista.engine.expr;

import dev.ballista.engine.exec.Batch;
import dev.ballista.engine.exec.TaskContext;
import dev.ballista.engine.types.DataType;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;

/**
 * POSITION(needle IN haystack): the 1-based character position of the first occurrence, 0 when absent, 1 for an
 * empty needle (as PostgreSQL). Searched on UTF-8 bytes; characters are counted only up to the match.
 */
public record PositionExpr(PhysicalExpr needle, PhysicalExpr haystack) implements PhysicalExpr {
  @Override
  public DataType type() {
    return DataType.INTEGER;
  }

  @Override
  public FieldVector evaluate(Batch batch, TaskContext context) {
    int rows = batch.rowCount();
    try (VarCharVector n = (VarCharVector) needle.evaluate(batch, context);
         VarCharVector h = (VarCharVector) haystack.evaluate(batch, context)) {
      IntVector out = new IntVector("", context.allocator());
      out.allocateNew(Math.max(rows, 1));
      for (int i = 0; i < rows; i++) {
        if (n.isNull(i) || h.isNull(i)) {
          out.setNull(i);
          continue;
        }
        int start = Utf8.start(h, i);
        int needleStart = Utf8.start(n, i);
        int at = Utf8.indexOf(h.getDataBuffer(), start, Utf8.end(h, i), n.getDataBuffer(), needleStart,
            Utf8.end(n, i) - needleStart);
        out.set(i, at < 0 ? 0 : Utf8.charCount(h.getDataBuffer(), start, at) + 1);
      }
      out.setValueCount(rows);
      return out;
    }
  }

  @Override
  public List<PhysicalExpr> children() {
    return List.of(needle, haystack);
  }

  @Override
  public String toString() {
    return "POSITION(" + needle + " IN " + haystack + ")";
  }
}
