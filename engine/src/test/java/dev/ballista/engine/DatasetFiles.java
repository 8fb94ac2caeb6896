package dev.ballista.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.apache.arrow.dataset.file.DatasetFileWriter;
import org.apache.arrow.dataset.file.FileFormat;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.TimeStampMicroVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Test fixtures on disk: a filled root written by Arrow Dataset's writer, so files have the encoding real ones do
 * (decimals as Parquet decimals, and so on). The writer hands its last buffers back after it returns, so the
 * allocator must outlive the call.
 */
public final class DatasetFiles {
  private DatasetFiles() {}

  /** Writes {@code root}'s rows (moved out of it) under {@code dir}, named by {@code fileNames} ("data-{i}.parquet"). */
  public static void write(BufferAllocator allocator, VectorSchemaRoot root, FileFormat format, Path dir,
      String fileNames) {
    try (ArrowReader reader = new OneBatchReader(allocator, root)) {
      DatasetFileWriter.write(allocator, reader, format, dir.toUri().toString(), new String[0], 1, fileNames);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Sets row {@code index} of a vector from a test value (Long, Integer, Double, BigDecimal, String, ...). */
  public static void set(FieldVector vector, int index, Object value) {
    if (value == null) {
      vector.setNull(index);
      return;
    }
    switch (vector) {
      case BigIntVector v -> v.setSafe(index, (Long) value);
      case IntVector v -> v.setSafe(index, (Integer) value);
      case Float8Vector v -> v.setSafe(index, (Double) value);
      case DecimalVector v -> v.setSafe(index, (BigDecimal) value);
      case VarCharVector v -> v.setSafe(index, ((String) value).getBytes(StandardCharsets.UTF_8));
      case BitVector v -> v.setSafe(index, (Boolean) value ? 1 : 0);
      case DateDayVector v -> v.setSafe(index, (int) ((LocalDate) value).toEpochDay());
      case TimeStampMicroVector v -> {
        LocalDateTime t = (LocalDateTime) value;
        v.setSafe(index, t.toEpochSecond(ZoneOffset.UTC) * 1_000_000 + t.getNano() / 1000);
      }
      default -> throw new IllegalArgumentException("no writer for " + vector.getClass().getSimpleName());
    }
  }
  /** Hands one prepared root to the writer. */
  private static final class OneBatchReader extends ArrowReader {
    private final VectorSchemaRoot source;
    private boolean done;

    OneBatchReader(BufferAllocator allocator, VectorSchemaRoot source) {
      super(allocator);
      this.source = source;
    }

    @Override
    public boolean loadNextBatch() throws IOException {
      if (done) {
        return false;
      }
      done = true;
      VectorSchemaRoot root = getVectorSchemaRoot();
      for (int i = 0; i < source.getFieldVectors().size(); i++) {
        source.getVector(i).makeTransferPair(root.getVector(i)).transfer();
      }
      root.setRowCount(source.getRowCount());
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
      return source.getSchema();
    }
  }
}
