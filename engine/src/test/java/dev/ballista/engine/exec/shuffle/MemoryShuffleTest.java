package dev.ballista.engine.exec.shuffle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ballista.engine.exec.Batch;
import dev.ballista.engine.exec.BatchStream;
import dev.ballista.engine.exec.Partitioning;
import dev.ballista.engine.exec.TaskContext;
import dev.ballista.engine.exec.op.ValuesExec;
import dev.ballista.engine.expr.ColumnExpr;
import dev.ballista.engine.types.ArrowTypes;
import dev.ballista.engine.types.Column;
import dev.ballista.engine.types.DataType;
import dev.ballista.engine.types.RowSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Shuffle output held in memory: within its budget, read as copies, released with its job. */
class MemoryShuffleTest {
  private static final RowSchema SCHEMA = new RowSchema(List.of(new Column("x", DataType.BIGINT, false)));
  private static final Schema STORAGE = ArrowTypes.storageSchema(SCHEMA);
  private static final int ROWS = 1000; // 8,128 bytes of buffers per batch

  @TempDir
  Path dir;

  private final BufferAllocator allocator = new RootAllocator();
  private final MemoryShuffle memory = new MemoryShuffle(20_000); // two batches fit, a third does not

  @AfterEach
  void close() {
    memory.close();
    allocator.close();
  }

  @Test
  void heldBatchesAreReadAsCopiesAndReleasedWithTheirJob() {
    Path file = dir.resolve("j/1/0/data-0.arrow");
    MemoryShuffle.Pending pending = memory.begin("j", file, STORAGE);
    assertTrue(offer(pending, 0));
    assertTrue(offer(pending, 1));
    assertFalse(offer(pending, 2), "past the budget the task writes its file");
    assertFalse(offer(pending, 3), "and keeps writing it");
    assertFalse(memory.holds("j", file), "nothing is read before the task commits");
    pending.commit();
    assertTrue(memory.holds("j", file));

    TaskContext context = new TaskContext(allocator, 1024, null);
    try (BatchStream first = memory.read("j", file, context)) {
      Batch b = first.next();
      BigIntVector v = (BigIntVector) b.columns()[0];
      assertEquals(5L, v.get(5));
      v.set(5, -1L); // an operator may write into the vectors it reads
      b.close();
    }
    assertEquals(values(0, 1), readAll(file, context), "a second reader sees what was written");

    BatchStream open = memory.read("j", file, context);
    memory.release("j");
    assertFalse(memory.holds("j", file));
    List<Long> afterRelease = new ArrayList<>();
    for (Batch b = open.next(); b != null; b = open.next()) {
      afterRelease.addAll(values((BigIntVector) b.columns()[0], b.rowCount()));
      b.close();
    }
    open.close();
    assertEquals(values(0, 1), afterRelease, "a reader that started before the release reads everything");
    assertEquals(0, memory.heldBytes());
    assertNull(memory.read("j", file, context));
  }

  @Test
  void aHashPartitionedStageKeepsItsOutputInMemoryWithoutFiles() {
    List<List<Object>> rows = new ArrayList<>();
    for (long i = 0; i < 100; i++) {
      rows.add(List.of(i));
    }
    ShuffleWriterExec writer = new ShuffleWriterExec(new ValuesExec(SCHEMA, rows), "j", 1,
        new Partitioning.Hash(List.of(new ColumnExpr(0, DataType.BIGINT)), 3), false);
    // Uncompressed, as between executors on one host (compressed shuffles travel between hosts, as files).
    TaskContext context = new TaskContext(allocator, 1024, null).compressShuffle(false);
    List<ShuffleWriteResult> results;
    try (MemoryShuffle roomy = new MemoryShuffle(1 << 20)) {
      results = writer.write(0, context, dir, null, roomy);
      long total = 0;
      List<Long> read = new ArrayList<>();
      for (ShuffleWriteResult r : results) {
        Path path = Path.of(r.path());
        assertFalse(Files.exists(path), "no file for " + path);
        total += r.rows();
        try (BatchStream s = roomy.read("j", path, context)) {
          for (Batch b = s.next(); b != null; b = s.next()) {
            read.addAll(values((BigIntVector) b.columns()[0], b.rowCount()));
            b.close();
          }
        }
      }
      assertEquals(100, total);
      read.sort(null);
      assertEquals(100, read.size());
      assertEquals(0L, read.get(0));
      assertEquals(99L, read.get(99));
    }
  }

  private List<Long> readAll(Path file, TaskContext context) {
    List<Long> out = new ArrayList<>();
    try (BatchStream s = memory.read("j", file, context)) {
      for (Batch b = s.next(); b != null; b = s.next()) {
        out.addAll(values((BigIntVector) b.columns()[0], b.rowCount()));
        b.close();
      }
    }
    return out;
  }

  private boolean offer(MemoryShuffle.Pending pending, int batch) {
    try (BigIntVector v = new BigIntVector("x", allocator)) {
      v.allocateNew(ROWS);
      for (int i = 0; i < ROWS; i++) {
        v.set(i, (long) batch * ROWS + i);
      }
      v.setValueCount(ROWS);
      return pending.offer(new VectorSchemaRoot(List.of(v.getField()), List.of(v), ROWS));
    }
  }

  private static List<Long> values(int... batches) {
    List<Long> out = new ArrayList<>();
    for (int b : batches) {
      for (int i = 0; i < ROWS; i++) {
        out.add((long) b * ROWS + i);
      }
    }
    return out;
  }

  private static List<Long> values(BigIntVector v, int rows) {
    List<Long> out = new ArrayList<>(rows);
    for (int i = 0; i < rows; i++) {
      out.add(v.get(i));
    }
    return out;
  }
}
