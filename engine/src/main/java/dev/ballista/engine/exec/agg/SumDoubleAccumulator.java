package dev.ballista.engine.exec.agg;

import dev.ballista.engine.expr.Vectors;
import dev.ballista.engine.types.DataType;
import java.util.Arrays;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;

/** SUM of DOUBLE (the planner casts REAL inputs). */
final class SumDoubleAccumulator implements Accumulator {
  private final boolean zeroWhenEmpty;
  private double[] sums = new double[16];
  private boolean[] seen = new boolean[16];

  SumDoubleAccumulator(boolean zeroWhenEmpty) {
    this.zeroWhenEmpty = zeroWhenEmpty;
  }

  @Override
  public void ensureCapacity(int groups) {
    if (groups > sums.length) {
      int n = Math.max(groups, sums.length * 2);
      sums = Arrays.copyOf(sums, n);
      seen = Arrays.copyOf(seen, n);
    }
  }

  @Override
  public void update(int[] groupIds, int rows, FieldVector argument) {
    ArrowBuf data = argument.getDataBuffer();
    ArrowBuf validity = Vectors.validityOrNull(argument);
    for (int i = 0; i < rows; i++) {
      if (validity == null || ((validity.getByte(i >> 3) >> (i & 7)) & 1) != 0) {
        int g = groupIds[i];
        sums[g] += data.getDouble((long) i << 3);
        seen[g] = true;
      }
    }
  }

  @Override
  public FieldVector result(int from, int count, BufferAllocator allocator) {
    FieldVector out = Vectors.allocate(DataType.DOUBLE, count, allocator);
    ArrowBuf data = out.getDataBuffer();
    for (int i = 0; i < count; i++) {
      data.setDouble((long) i << 3, sums[from + i]);
      if (seen[from + i] || zeroWhenEmpty) {
        Vectors.setBit(out.getValidityBuffer(), i, true);
      }
    }
    out.setValueCount(count);
    return out;
  }
}
