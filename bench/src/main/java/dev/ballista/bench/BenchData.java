package dev.ballista.bench;

import dev.ballista.engine.exec.Batch;
import dev.ballista.engine.exec.BatchStream;
import dev.ballista.engine.exec.ExecutionPlan;
import dev.ballista.engine.exec.TaskContext;
import dev.ballista.engine.expr.ValueWriter;
import dev.ballista.engine.expr.Vectors;
import dev.ballista.engine.types.ClientTypes;
import dev.ballista.engine.types.Column;
import dev.ballista.engine.types.DataType;
import dev.ballista.engine.types.RowSchema;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongFunction;
import java.util.function.LongUnaryOperator;
import org.apache.arrow.dataset.file.DatasetFileWriter;
import org.apache.arrow.dataset.file.FileFormat;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Deterministic data for the benchmarks and the one way they run a plan. Every value is a function of its row
 * number (a hash, not a random stream), so each run and each fork sees the same rows whatever the batch size.
 */
final class BenchData {
  /** Rows per generated batch: what scans and exchanges hand to operators by default. */
  static final int BATCH_ROWS = TaskContext.DEFAULT_BATCH_SIZE;

  /** TPC-H's l_shipdate range, as days since the epoch (DATE's storage). */
  static final long FIRST_SHIP_DAY = LocalDate.of(1992, 1, 2).toEpochDay();
  static final long LAST_SHIP_DAY = LocalDate.of(1998, 12, 1).toEpochDay();

  private BenchData() {}

  /**
   * One generated column: name, engine type and the value of each row. Integral, DATE (days) and DECIMAL(p<=18)
   * (unscaled) columns give {@code longs}; VARCHAR columns give {@code strings}.
   */
  record ColumnGen(Column column, LongUnaryOperator longs, LongFunction<String> strings) {}

  static ColumnGen longs(String name, DataType type, LongUnaryOperator valueOfRow) {
    return new ColumnGen(new Column(name, type, false), valueOfRow, null);
  }

  static ColumnGen strings(String name, LongFunction<String> valueOfRow) {
    return new ColumnGen(new Column(name, DataType.VARCHAR, false), null, valueOfRow);
  }

  /** A well-mixed hash of (row, salt) in [0, bound): uniform, repeatable, different per salt. */
  static long uniform(long row, long salt, long bound) {
    long z = row * 0x9E3779B97F4A7C15L + salt * 0xC2B2AE3D27D4EB4FL;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    z ^= z >>> 31;
    return Math.floorMod(z, bound);
  }

  static RowSchema schema(ColumnGen... columns) {
    return new RowSchema(Arrays.stream(columns).map(ColumnGen::column).toList());
  }

  /** {@code rows} generated rows in memory, in batches of {@link #BATCH_ROWS}. */
  static MemoryExec table(BufferAllocator allocator, long rows, ColumnGen... columns) {
    List<Batch> batches = new ArrayList<>();
    try {
      for (long start = 0; start < rows; start += BATCH_ROWS) {
        batches.add(batch(allocator, start, (int) Math.min(BATCH_ROWS, rows - start), columns));
      }
    } catch (RuntimeException e) {
      batches.forEach(Batch::close);
      throw e;
    }
    return new MemoryExec(schema(columns), batches);
  }

  /** Rows {@code start .. start + count - 1} in the engine's storage (DECIMAL(p<=18) as scaled longs). */
  static Batch batch(BufferAllocator allocator, long start, int count, ColumnGen... columns) {
    FieldVector[] vectors = new FieldVector[columns.length];
    for (int c = 0; c < columns.length; c++) {
      ColumnGen gen = columns[c];
      FieldVector v = Vectors.allocate(gen.column().type(), count, allocator);
      vectors[c] = v;
      if (gen.strings() != null) {
        VarCharVector strings = (VarCharVector) v;
        for (int i = 0; i < count; i++) {
          strings.setSafe(i, gen.strings().apply(start + i).getBytes(StandardCharsets.UTF_8));
        }
      } else {
        ValueWriter writer = ValueWriter.of(v, gen.column().type());
        for (int i = 0; i < count; i++) {
          writer.set(i, gen.longs().applyAsLong(start + i));
        }
      }
      v.setValueCount(count);
    }
    return new Batch(vectors, count);
  }

  /**
   * Runs partition 0 of {@code plan} as one task with its own child allocator, closing every output batch, and
   * returns the number of output rows. Closing the task allocator fails on a leak, as a real task would.
   */
  static long run(ExecutionPlan plan, BufferAllocator root) {
    try (BufferAllocator task = root.newChildAllocator("task", 0, Long.MAX_VALUE)) {
      TaskContext context = new TaskContext(task, TaskContext.DEFAULT_BATCH_SIZE, null);
      long rows = 0;
      try (BatchStream out = plan.execute(0, context)) {
        Batch b;
        while ((b = out.next()) != null) {
          rows += b.rowCount();
          b.close();
        }
      }
      return rows;
    }
  }

  /**
   * Writes {@code rows} generated rows to one Parquet file in {@code dir} (named data-0.parquet) with Arrow
   * Dataset's writer, DECIMAL as Parquet decimals the way the TPC-H generator writes them, and returns its path.
   */
  static Path writeParquet(BufferAllocator parent, Path dir, long rows, ColumnGen... columns) throws IOException {
    try (BufferAllocator allocator = parent.newChildAllocator("parquet-writer", 0, Long.MAX_VALUE)) {
      // The writer takes the reader over: it closes it, and releases batches from native threads.
      DatasetFileWriter.write(allocator, new GeneratedReader(allocator, rows, columns), FileFormat.PARQUET,
          dir.toUri().toString(), new String[0], 1, "data-{i}.parquet");
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (allocator.getAllocatedMemory() > 0 && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
    }
    return dir.resolve("data-0.parquet");
  }

  /** Streams generated batches, converted to the Arrow types files hold (see {@link ClientTypes}). */
  private static final class GeneratedReader extends ArrowReader {
    private final long rows;
    private final ColumnGen[] columns;
    private long next;

    GeneratedReader(BufferAllocator allocator, long rows, ColumnGen[] columns) {
      super(allocator);
      this.rows = rows;
      this.columns = columns;
    }

    @Override
    public boolean loadNextBatch() throws IOException {
      if (next >= rows) {
        return false;
      }
      int count = (int) Math.min(BATCH_ROWS, rows - next);
      VectorSchemaRoot root = getVectorSchemaRoot();
      // Fresh buffers per batch: the native writer may still hold the previous ones.
      try (Batch b = batch(allocator, next, count, columns)) {
        for (int c = 0; c < columns.length; c++) {
          FieldVector converted = ClientTypes.convert(b.column(c), columns[c].column(), allocator);
          b.columns()[c] = converted;
          converted.makeTransferPair(root.getVector(c)).transfer();
        }
      }
      root.setRowCount(count);
      next += count;
      return true;
    }

    @Override
    public long bytesRead() {
      return 0;
    }

    @Override
    protected void closeReadSource() {}

    @Override
    protected Schema readSchema() {
      return ClientTypes.schema(schema(columns));
    }
  }
}
