package dev.ballista.engine.exec.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ballista.engine.ErrorCode;
import dev.ballista.engine.QueryException;
import dev.ballista.engine.exec.Batch;
import dev.ballista.engine.exec.BatchStream;
import dev.ballista.engine.exec.TaskContext;

import java.nio.charset.StandardCharsets;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarCharVector;
import org.junit.jupiter.api.Test;

/**
 * Concatenation keeps every value and null in order, across batches of sizes that do not align on bytes; a
 * cancelled task's concatenation leaves nothing allocated.
 */
class BatchesTest {
  private static final int[] SIZES = {3, 0, 8, 13, 1, 16, 5};

  @Test
  void concatenatesLongsStringsAndBooleansWithNullsAtUnalignedOffsets() {
    try (BufferAllocator allocator = new RootAllocator()) {
      int total = 0;
      FieldVector[] longs = new FieldVector[SIZES.length];
      FieldVector[] strings = new FieldVector[SIZES.length];
      FieldVector[] bools = new FieldVector[SIZES.length];
      for (int b = 0; b < SIZES.length; b++) {
        BigIntVector l = new BigIntVector("l", allocator);
        VarCharVector s = new VarCharVector("s", allocator);
        BitVector f = new BitVector("f", allocator);
        l.allocateNew(SIZES[b]);
        s.allocateNew();
        f.allocateNew(SIZES[b]);
        for (int i = 0; i < SIZES[b]; i++) {
          int row = total + i;
          if (b % 2 == 0 && row % 3 == 0) {
            l.setNull(i);
            s.setNull(i);
            f.setNull(i);
          } else {
            l.set(i, row * 7L);
            s.setSafe(i, ("v" + row).getBytes(StandardCharsets.UTF_8));
            f.set(i, row % 2);
          }
        }
        l.setValueCount(SIZES[b]);
        s.setValueCount(SIZES[b]);
        f.setValueCount(SIZES[b]);
        longs[b] = l;
        strings[b] = s;
        bools[b] = f;
        total += SIZES[b];
      }
      try (BigIntVector l = (BigIntVector) Batches.concatenate(longs, total, allocator);
          VarCharVector s = (VarCharVector) Batches.concatenate(strings, total, allocator);
          BitVector f = (BitVector) Batches.concatenate(bools, total, allocator)) {
        assertEquals(total, l.getValueCount());
        int row = 0;
        for (int b = 0; b < SIZES.length; b++) {
          for (int i = 0; i < SIZES[b]; i++, row++) {
            if (b % 2 == 0 && row % 3 == 0) {
              assertNull(l.getObject(row), "row " + row);
              assertNull(s.getObject(row), "row " + row);
              assertNull(f.getObject(row), "row " + row);
            } else {
              assertEquals(row * 7L, l.get(row), "row " + row);
              assertEquals("v" + row, s.getObject(row).toString(), "row " + row);
              assertEquals(row % 2, f.get(row), "row " + row);
            }
          }
        }
      }
      for (int b = 0; b < SIZES.length; b++) {
        longs[b].close();
        strings[b].close();
        bools[b].close();
      }
    }
  }

  @Test
  void aBatchReadWhenTheTaskIsCancelledIsClosed() {
    try (BufferAllocator allocator = new RootAllocator()) {
      TaskContext context = new TaskContext(allocator, 1024, null);
      BatchStream cancelAfterFirst = new BatchStream() {
        @Override
        public Batch next() {
          BigIntVector l = new BigIntVector("l", allocator);
          l.allocateNew(4);
          l.setValueCount(4);
          context.cancel(); // the cancel lands while this batch is on its way
          return new Batch(new FieldVector[] {l}, 4);
        }

        @Override
        public void close() {}
      };
      QueryException cancelled = assertThrows(QueryException.class,
          () -> Batches.concatenate(cancelAfterFirst, context));
      assertEquals(ErrorCode.CANCELLED, cancelled.code());
      assertEquals(0, allocator.getAllocatedMemory());
    }
  }
}
