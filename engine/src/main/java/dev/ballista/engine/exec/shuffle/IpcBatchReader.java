package dev.ballista.engine.exec.shuffle;

import dev.ballista.engine.ErrorCode;
import dev.ballista.engine.QueryException;
import dev.ballista.engine.exec.Batch;
import dev.ballista.engine.exec.BatchStream;
import dev.ballista.engine.exec.TaskContext;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.apache.arrow.compression.CommonsCompressionFactory;
import org.apache.arrow.vector.ipc.ArrowStreamReader;

/** Reads an Arrow IPC stream file written by {@link IpcBatchWriter} as a stream of batches. */
public final class IpcBatchReader implements BatchStream {
  private final ArrowStreamReader reader;
  private final TaskContext context;
  private final Path path;

  public IpcBatchReader(Path path, TaskContext context) {
    this.path = path;
    this.context = context;
    try {
      this.reader = new ArrowStreamReader(FileChannel.open(path, StandardOpenOption.READ), context.allocator(),
          CommonsCompressionFactory.INSTANCE);
    } catch (IOException e) {
      throw new QueryException(ErrorCode.EXECUTOR_LOST, "shuffle file " + path + " is missing: " + e.getMessage(), e);
    }
  }

  @Override
  public Batch next() {
    context.checkCancelled();
    try {
      if (!reader.loadNextBatch()) {
        return null;
      }
      return Batch.takeFrom(reader.getVectorSchemaRoot(), context.allocator());
    } catch (IOException e) {
      throw new QueryException(ErrorCode.INTERNAL, "cannot read shuffle file " + path + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    try {
      reader.close();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
