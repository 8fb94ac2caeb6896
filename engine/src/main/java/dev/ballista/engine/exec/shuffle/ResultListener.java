package dev.ballista.engine.exec.shuffle;

import java.nio.file.Path;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Follows a client result as its task produces it, so the partition can stream to a client before the task ends.
 * Batches are first offered to be held in memory; the first one refused, and every one after it, goes to the
 * result file instead. Each file length named ends on a whole IPC message: a reader that stops there never sees
 * half a batch.
 */
public interface ResultListener {
  /** The file is open under {@code temporaryPath} (renamed when complete) and holds the {@code schema}. */
  void opened(Path temporaryPath, Schema schema, long bytes);

  /**
   * The next batch: true when the listener keeps a copy of it, false when the batch and all later ones are to be
   * written to the file. The caller keeps its batch either way.
   */
  boolean offer(VectorSchemaRoot batch);

  /** Another batch is in the file, which now holds {@code bytes} bytes. */
  void batchWritten(long bytes);
}
