package dev.ballista.engine.expr;

import dev.ballista.engine.exec.Batch;
import dev.ballista.engine.exec.TaskContext;
import dev.ballista.engine.types.DataType;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;

/**
 * One-argument string functions on UTF-8 bytes: UPPER and LOWER (ASCII values byte by byte, others through
 * Java's root-locale case mapping), TRIM/LTRIM/RTRIM of spaces, and CHAR_LENGTH counted in characters.
 */
public record StringFunctionExpr(Function function, PhysicalExpr input) implements PhysicalExpr {
  public enum Function { UPPER, LOWER, TRIM, LTRIM, RTRIM, CHAR_LENGTH }

  @Override
  public DataType type() {
    return function == Function.CHAR_LENGTH ? DataType.INTEGER : DataType.VARCHAR;
  }

  @Override
  public FieldVector evaluate(Batch batch, TaskContext context) {
    try (FieldVector v = input.evaluate(batch, context)) {
      VarCharVector in = (VarCharVector) v;
      return function == Function.CHAR_LENGTH ? charLength(in, batch.rowCount(), context)
          : transform(in, batch.rowCount(), context);
    }
  }

  private static IntVector charLength(VarCharVector in, int rows, TaskContext context) {
    IntVector out = new IntVector("", context.allocator());
    out.allocateNew(Math.max(rows, 1));
    ArrowBuf offsets = in.getOffsetBuffer();
    ArrowBuf data = in.getDataBuffer();
    for (int i = 0; i < rows; i++) {
      if (in.isNull(i)) {
        out.setNull(i);
        continue;
      }
      int end = offsets.getInt((long) (i + 1) << 2);
      int chars = 0;
      for (int p = offsets.getInt((long) i << 2); p < end; p++) {
        if ((data.getByte(p) & 0xC0) != 0x80) {
          chars++;
        }
      }
      out.set(i, chars);
    }
    out.setValueCount(rows);
    return out;
  }

  private VarCharVector transform(VarCharVector in, int rows, TaskContext context) {
    VarCharVector out = new VarCharVector("", context.allocator());
    out.allocateNew(Math.max(1, in.getDataBuffer().writerIndex()), Math.max(rows, 1));
    ArrowBuf offsets = in.getOffsetBuffer();
    ArrowBuf data = in.getDataBuffer();
    byte[] scratch = new byte[64];
    for (int i = 0; i < rows; i++) {
      if (in.isNull(i)) {
        out.setNull(i);
        continue;
      }
      int s = offsets.getInt((long) i << 2);
      int e = offsets.getInt((long) (i + 1) << 2);
      switch (function) {
        case TRIM, LTRIM, RTRIM -> {
          if (function != Function.RTRIM) {
            while (s < e && data.getByte(s) == ' ') {
              s++;
            }
          }
          if (function != Function.LTRIM) {
            while (e > s && data.getByte(e - 1) == ' ') {
              e--;
            }
          }
          out.setSafe(i, data.nioBuffer(s, e - s), 0, e - s);
        }
        default -> {
          int n = e - s;
          if (scratch.length < n) {
            scratch = new byte[Math.max(n, scratch.length * 2)];
          }
          data.getBytes(s, scratch, 0, n);
          if (isAscii(scratch, n)) {
            boolean upper = function == Function.UPPER;
            for (int p = 0; p < n; p++) {
              byte b = scratch[p];
              if (upper ? b >= 'a' && b <= 'z' : b >= 'A' && b <= 'Z') {
                scratch[p] = (byte) (b ^ 0x20);
              }
            }
            out.setSafe(i, scratch, 0, n);
          } else {
            String text = new String(scratch, 0, n, StandardCharsets.UTF_8);
            byte[] mapped = (function == Function.UPPER ? text.toUpperCase(Locale.ROOT) : text.toLowerCase(Locale.ROOT))
                .getBytes(StandardCharsets.UTF_8);
            out.setSafe(i, mapped);
          }
        }
      }
    }
    out.setValueCount(rows);
    return out;
  }

  private static boolean isAscii(byte[] bytes, int n) {
    for (int p = 0; p < n; p++) {
      if (bytes[p] < 0) {
        return false;
      }
    }
    return true;
  }

  @Override
  public List<PhysicalExpr> children() {
    return List.of(input);
  }

  @Override
  public String toString() {
    return function + "(" + input + ")";
  }
}
