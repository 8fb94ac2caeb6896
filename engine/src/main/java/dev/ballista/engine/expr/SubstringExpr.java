package dev.ballista.engine.expr;

import dev.ballista.engine.exec.Batch;
import dev.ballista.engine.exec.TaskContext;
import dev.ballista.engine.types.DataType;
import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarCharVector;

/**
 * SUBSTRING(input FROM start [FOR length]) with SQL's 1-based, character-counted positions, on UTF-8 bytes:
 * characters are found by skipping continuation bytes, nothing is decoded.
 */
public record SubstringExpr(PhysicalExpr input, PhysicalExpr start, PhysicalExpr length) implements PhysicalExpr {
  @Override
  public DataType type() {
    return DataType.VARCHAR;
  }

  @Override
  public FieldVector evaluate(Batch batch, TaskContext context) {
    int rows = batch.rowCount();
    VarCharVector out = new VarCharVector("", context.allocator());
    out.allocateNew(Math.max(rows, 1));
    try (FieldVector v = input.evaluate(batch, context);
         LongLane from = LongLane.of(start, batch, context);
         LongLane count = length == null ? null : LongLane.of(length, batch, context)) {
      ArrowBuf offsets = v.getOffsetBuffer();
      ArrowBuf data = v.getDataBuffer();
      for (int i = 0; i < rows; i++) {
        boolean isNull = v.isNull(i) || from.constantNull || !Vectors.isValid(from.validity, i)
            || (count != null && (count.constantNull || !Vectors.isValid(count.validity, i)));
        if (isNull) {
          out.setNull(i);
          continue;
        }
        int s = offsets.getInt((long) i << 2);
        int e = offsets.getInt((long) (i + 1) << 2);
        long first = from.get(i);
        long end = count == null ? Long.MAX_VALUE : first + count.get(i); // exclusive, in characters
        long begin = Math.max(first, 1);
        int b = advance(data, s, e, begin - 1);
        int f = end == Long.MAX_VALUE ? e : advance(data, b, e, Math.max(0, end - begin));
        byte[] bytes = new byte[Math.max(0, f - b)];
        data.getBytes(b, bytes);
        out.setSafe(i, bytes);
      }
    }
    out.setValueCount(rows);
    return out;
  }

  /** The byte offset {@code chars} characters after {@code pos} (or the end). */
  private static int advance(ArrowBuf data, int pos, int end, long chars) {
    while (chars > 0 && pos < end) {
      pos++;
      while (pos < end && (data.getByte(pos) & 0xC0) == 0x80) {
        pos++;
      }
      chars--;
    }
    return pos;
  }

  @Override
  public List<PhysicalExpr> children() {
    return length == null ? List.of(input, start) : List.of(input, start, length);
  }

  @Override
  public String toString() {
    return "SUBSTRING(" + input + " FROM " + start + (length == null ? "" : " FOR " + length) + ")";
  }
}
