package dev.ballista.engine.exec.agg;

import dev.ballista.engine.expr.Vectors;
import dev.ballista.engine.types.DataType;
import java.util.Arrays;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;

/** Wide DECIMAL keys: the two 64-bit words of each value. */
final class Int128KeyColumn implements KeyColumn {
  private final DataType type;
  private long[] words = new long[128];
  private boolean[] nulls = new boolean[64];
  private int size;

  Int128KeyColumn(DataType type) {
    this.type = type;
  }

  @Override
  public void append(FieldVector input, int row) {
    if (size == nulls.length) {
      nulls = Arrays.copyOf(nulls, size * 2);
      words = Arrays.copyOf(words, size * 4);
    }
    nulls[size] = input.isNull(row);
    if (!nulls[size]) {
      words[2 * size] = input.getDataBuffer().getLong((long) row << 4);
      words[2 * size + 1] = input.getDataBuffer().getLong(((long) row << 4) + 8);
    }
    size++;
  }

  @Override
  public boolean matches(int group, FieldVector input, int row) {
    if (input.isNull(row)) {
      return nulls[group];
    }
    ArrowBuf data = input.getDataBuffer();
    return !nulls[group] && words[2 * group] == data.getLong((long) row << 4)
        && words[2 * group + 1] == data.getLong(((long) row << 4) + 8);
  }

  @Override
  public FieldVector build(int from, int count, BufferAllocator allocator) {
    FieldVector out = Vectors.allocate(type, count, allocator);
    ArrowBuf data = out.getDataBuffer();
    for (int i = 0; i < count; i++) {
      int g = from + i;
      if (!nulls[g]) {
        data.setLong((long) i << 4, words[2 * g]);
        data.setLong(((long) i << 4) + 8, words[2 * g + 1]);
        Vectors.setBit(out.getValidityBuffer(), i, true);
      }
    }
    out.setValueCount(count);
    return out;
  }
}
