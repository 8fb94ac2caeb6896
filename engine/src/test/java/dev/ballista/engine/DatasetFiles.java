package dev.ballista.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.apache.arrow.dataset.file.DatasetFileWriter;
import org.apache.arrow.dataset.file.FileFormat;
import org.apache.arrow.memory.BufferAllocator;
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
