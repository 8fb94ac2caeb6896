package dev.ballista.engine.exec.shuffle;

import java.nio.file.Path;

/**
 * Told as a result file grows, so its partition can be streamed to a client while the task still writes it. Each
 * call names a length that ends on a whole IPC message: a reader that stops there never sees half a batch.
 */
public interface ResultFileListener {
  /** The file is open under {@code temporaryPath} (renamed when complete) and holds its schema. */
  void opened(Path temporaryPath, long bytes);

  /** Another batch is in the file, which now holds {@code bytes} bytes. */
  void batchWritten(long bytes);
}
