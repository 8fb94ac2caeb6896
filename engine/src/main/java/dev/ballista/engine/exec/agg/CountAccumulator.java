package dev.ballista.engine.exec.agg;

import dev.ballista.engine.expr.Vectors;
import dev.ballista.engine.types.DataType;
import java.util.Arrays;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;

/** COUNT(*) and COUNT(x): x's NULLs are not counted. */
final class CountAccumulator implements Accumulator {
  private long[] counts = new long[16];

  @Override
  public void ensureCapacity(int groups) {
    if (groups > counts.length) {
      counts = Arrays.copyOf(counts, Math.max(groups, counts.length * 2));
    }
  }

  @Override
  public void update(int[] groupIds, int rows, FieldVector argument) {
    long[] c = counts;
    ArrowBuf validity = argument == null ? null : Vectors.validityOrNull(argument);
    if (validity == null) {
      for (int i = 0; i < rows; i++) {
        c[groupIds[i]]++;
      }
    } else {
      for (int i = 0; i < rows; i++) {
        c[groupIds[i]] += (validity.getByte(i >> 3) >> (i & 7)) & 1;
      }
    }
  }

  @Override
  public FieldVector result(int from, int count, BufferAllocator allocator) {
    BigIntVector out = Vectors.allocateLongs(DataType.BIGINT, count, allocator);
    ArrowBuf data = out.getDataBuffer();
    for (int i = 0; i < count; i++) {
      data.setLong((long) i << 3, counts[from + i]);
    }
    Vectors.setAllValid(out, count);
    out.setValueCount(count);
    return out;
  }
}
