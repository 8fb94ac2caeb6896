package dev.ballista.executor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * How a task hands its result batches to {@link LiveResult}: held in memory up to the per-result size, then waiting
 * for a reader that is taking them, and on into the file when there is no reader or it stalls.
 */
class LiveResultTest {
  private static final int ROWS = 1000; // 8,128 bytes of buffers per batch
  private final BufferAllocator allocator = new RootAllocator();
  private final HeldResults held = new HeldResults(allocator, 1L << 30, 2 * 8_200);
  private final LiveResult result = new LiveResult("j/1/0/0", held);

  @AfterEach
  void close() {
    result.failed(dev.ballista.engine.ErrorCode.CANCELLED, "test over");
    held.close();
    allocator.close();
  }

  @Test
  void withoutAReaderTheBatchAfterAFullQueueGoesToTheFileAtOnce() {
    assertTrue(offer(0));
    assertTrue(offer(1));
    long start = System.nanoTime();
    assertFalse(offer(2));
    assertTrue(result.spilled());
    assertTrue(System.nanoTime() - start < TimeUnit.MILLISECONDS.toNanos(LiveResult.STALL_MILLIS / 2));
    assertFalse(offer(3), "once one batch went to the file, the rest follows it");
  }

  @Test
  void aFullQueueWaitsForAReaderThatTakesBatchesInsteadOfGoingToTheFile() throws Exception {
    result.claim();
    CompletableFuture<Long> reader = CompletableFuture.supplyAsync(() -> {
      long sum = 0;
      try {
        for (int i = 0; i < 8; i++) {
          Thread.sleep(30); // slower than the task
          try (ArrowRecordBatch batch = result.nextHeld(() -> false)) {
            sum += batch.getLength();
          }
        }
      } catch (Exception e) {
        throw new RuntimeException(e);
      }
      return sum;
    });
    for (int i = 0; i < 8; i++) {
      assertTrue(offer(i), "batch " + i + " is held");
    }
    assertEquals(8L * ROWS, reader.get(10, TimeUnit.SECONDS));
    assertFalse(result.spilled());
  }

  @Test
  void aReaderThatStopsTakingLetsTheTaskGoOnIntoTheFile() throws Exception {
    result.claim();
    assertTrue(offer(0));
    assertTrue(offer(1));
    long start = System.nanoTime();
    assertFalse(offer(2));
    long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    assertTrue(waited >= LiveResult.STALL_MILLIS - 50, "waited " + waited + " ms for the reader");
    assertTrue(result.spilled());
  }

  private boolean offer(int from) {
    try (BigIntVector n = new BigIntVector("n", allocator)) {
      n.allocateNew(ROWS);
      for (int i = 0; i < ROWS; i++) {
        n.set(i, (long) from * ROWS + i);
      }
      n.setValueCount(ROWS);
      try (VectorSchemaRoot root = new VectorSchemaRoot(List.of(n.getField()), List.of(n), ROWS)) {
        return result.offer(root);
      }
    }
  }
}
