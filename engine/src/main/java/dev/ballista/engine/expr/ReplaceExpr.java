package dev.ballista.engine.expr;

import dev.ballista.engine.exec.Batch;
import dev.ballista.engine.exec.TaskContext;
import dev.ballista.engine.types.DataType;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarCharVector;

/**
 * REPLACE(input, search, replacement): every non-overlapping occurrence of search, left to right, replaced. An
 * empty search leaves the input as it is; NULL in any argument gives NULL (PostgreSQL).
 */
public record ReplaceExpr(PhysicalExpr input, PhysicalExpr search, PhysicalExpr replacement) implements PhysicalExpr {
  @Override
  public DataType type() {
    return DataType.VARCHAR;
  }

  @Override
  public FieldVector evaluate(Batch batch, TaskContext context) {
    int rows = batch.rowCount();
    try (VarCharVector in = (VarCharVector) input.evaluate(batch, context);
         VarCharVector s = (VarCharVector) search.evaluate(batch, context);
         VarCharVector r = (VarCharVector) replacement.evaluate(batch, context)) {
      Utf8Builder out = new Utf8Builder(rows, in.getOffsetBuffer().getInt((long) rows << 2), context.allocator());
      for (int i = 0; i < rows; i++) {
        if (in.isNull(i) || s.isNull(i) || r.isNull(i)) {
          out.nullRow(i);
          continue;
        }
        int p = Utf8.start(in, i);
        int end = Utf8.end(in, i);
        int searchStart = Utf8.start(s, i);
        int searchLength = Utf8.end(s, i) - searchStart;
        int replacementStart = Utf8.start(r, i);
        int replacementLength = Utf8.end(r, i) - replacementStart;
        if (searchLength > 0) {
          int at;
          while ((at = Utf8.indexOf(in.getDataBuffer(), p, end, s.getDataBuffer(), searchStart, searchLength)) >= 0) {
            out.append(in.getDataBuffer(), p, at - p);
            out.append(r.getDataBuffer(), replacementStart, replacementLength);
            p = at + searchLength;
          }
        }
        out.append(in.getDataBuffer(), p, end - p);
        out.endRow(i);
      }
      return out.finish(rows);
    }
  }

  @Override
  public List<PhysicalExpr> children() {
    return List.of(input, search, replacement);
  }

  @Override
  public String toString() {
    return "REPLACE(" + input + ", " + search + ", " + replacement + ")";
  }
}
