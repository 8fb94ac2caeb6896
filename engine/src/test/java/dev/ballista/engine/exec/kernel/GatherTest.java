package dev.ballista.engine.exec.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.ballista.engine.types.DataType;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VarCharVector;
import org.junit.jupiter.api.Test;

/** Strings gathered by indices with runs of consecutive rows, repeats, reversals, NULL rows and -1 (NULL). */
class GatherTest {
  @Test
  void stringsGatheredInRunsAndOneByOneKeepEveryValueAndNull() {
    Random random = new Random(5);
    try (BufferAllocator allocator = new RootAllocator(); VarCharVector in = new VarCharVector("s", allocator)) {
      int n = 500;
      in.allocateNew();
      for (int i = 0; i < n; i++) {
        if (i % 7 == 3) {
          in.setNull(i);
        } else {
          in.setSafe(i, ("v" + i + "x".repeat(i % 5)).getBytes(StandardCharsets.UTF_8));
        }
      }
      in.setValueCount(n);
      int count = 2000;
      int[] indices = new int[count];
      int k = 0;
      while (k < count) {
        int kind = random.nextInt(4);
        int length = Math.min(count - k, 1 + random.nextInt(40));
        int from = random.nextInt(n);
        for (int j = 0; j < length; j++, k++) {
          indices[k] = switch (kind) {
            case 0 -> Math.min(n - 1, from + j); // a run (repeating the last row at the end)
            case 1 -> Math.max(0, from - j); // backwards
            case 2 -> random.nextInt(10) == 0 ? -1 : random.nextInt(n);
            default -> from; // one row repeated
          };
        }
      }
      try (VarCharVector out = (VarCharVector) Gather.take(in, DataType.VARCHAR, indices, count, allocator)) {
        assertEquals(count, out.getValueCount());
        for (int j = 0; j < count; j++) {
          int i = indices[j];
          if (i < 0 || in.isNull(i)) {
            assertNull(out.getObject(j), "row " + j + " from " + i);
          } else {
            assertEquals(in.getObject(i).toString(), out.getObject(j).toString(), "row " + j + " from " + i);
          }
        }
      }
    }
  }
}
