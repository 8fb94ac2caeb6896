package dev.ballista.engine.expr;

import dev.ballista.engine.exec.Batch;
import dev.ballista.engine.exec.TaskContext;
import dev.ballista.engine.types.DataType;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;

/**
 * {@code input [NOT] IN (v1, v2, ...)} over constants, in one pass: the input is evaluated once and each row is
 * tested against the list, where the equivalent OR of equalities would evaluate the input (e.g. a SUBSTRING) and
 * allocate a result once per value. A NULL input gives NULL; the list holds no NULL. {@code values} are lane values
 * (see {@link LiteralExpr}) of the input's type: Long for INT32/INT64 storage, String for text.
 */
public record InListExpr(PhysicalExpr input, List<Object> values, boolean negated) implements PhysicalExpr {
  public InListExpr {
    values = List.copyOf(values);
    if (!supports(input.type())) {
      throw new IllegalArgumentException("IN list over " + input.type() + " is not supported");
    }
  }

  /** Whether a list over values of this type has a kernel here. */
  public static boolean supports(DataType type) {
    DataType.Storage s = type.storage();
    return s == DataType.Storage.INT32 || s == DataType.Storage.INT64 || s == DataType.Storage.UTF8;
  }

  @Override
  public DataType type() {
    return DataType.BOOLEAN;
  }

  @Override
  public FieldVector evaluate(Batch batch, TaskContext context) {
    int rows = batch.rowCount();
    try (FieldVector in = input.evaluate(batch, context)) {
      BitVector out = Vectors.allocateBits(rows, context.allocator());
      Vectors.andValidity(out.getValidityBuffer(), Vectors.validityOrNull(in), null, rows);
      ArrowBuf bits = out.getDataBuffer();
      ArrowBuf data = in.getDataBuffer();
      switch (input.type().storage()) {
        case INT32 -> {
          int[] list = values.stream().mapToInt(v -> ((Number) v).intValue()).toArray();
          for (int i = 0; i < rows; i++) {
            int x = data.getInt((long) i << 2);
            boolean found = false;
            for (int c : list) {
              found |= x == c;
            }
            if (found != negated) {
              Vectors.setTrue(bits, i);
            }
          }
        }
        case INT64 -> {
          long[] list = values.stream().mapToLong(v -> ((Number) v).longValue()).toArray();
          for (int i = 0; i < rows; i++) {
            long x = data.getLong((long) i << 3);
            boolean found = false;
            for (long c : list) {
              found |= x == c;
            }
            if (found != negated) {
              Vectors.setTrue(bits, i);
            }
          }
        }
        default -> {
          byte[][] list = values.stream().map(v -> ((String) v).getBytes(StandardCharsets.UTF_8))
              .toArray(byte[][]::new);
          ArrowBuf offsets = in.getOffsetBuffer();
          for (int i = 0; i < rows; i++) {
            int start = offsets.getInt((long) i << 2);
            int length = offsets.getInt((long) (i + 1) << 2) - start;
            boolean found = false;
            for (int k = 0; k < list.length && !found; k++) {
              found = list[k].length == length && Utf8.startsWith(data, start, list[k]);
            }
            if (found != negated) {
              Vectors.setTrue(bits, i);
            }
          }
        }
      }
      out.setValueCount(rows);
      return out;
    }
  }

  @Override
  public List<PhysicalExpr> children() {
    return List.of(input);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("(").append(input).append(negated ? " NOT IN (" : " IN (");
    for (int i = 0; i < values.size(); i++) {
      Object v = values.get(i);
      sb.append(i == 0 ? "" : ", ").append(v instanceof String s ? "'" + s.replace("'", "''") + "'" : v);
    }
    return sb.append("))").toString();
  }
}
