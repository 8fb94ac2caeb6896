package dev.ballista.tpch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.arrow.dataset.file.DatasetFileWriter;
import org.apache.arrow.dataset.file.FileFormat;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.ipc.ArrowReader;

/**
 * Writes one Parquet file with Arrow Dataset's native writer. The writer fills a scratch directory; the file is
 * moved to its final name only once complete, so a crash never leaves a truncated {@code .parquet} behind.
 */
final class ParquetPartWriter {
  private static final long RELEASE_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(30);

  private ParquetPartWriter() {}

  /**
   * Writes all of {@code reader} to {@code target}. The writer takes the reader over and closes it, possibly later
   * from a native thread, so the caller must not. {@code allocator} must be the reader's own: on return the reader
   * and every batch it handed over have been released.
   */
  static void write(BufferAllocator allocator, ArrowReader reader, Path scratchDir, Path target) throws IOException {
    FileTrees.deleteRecursively(scratchDir);
    Files.createDirectories(scratchDir);
    // No ".parquet" suffix until complete: readers that list a table's files must not see a partial one.
    String template = target.getFileName() + ".{i}.inprogress";
    try {
      DatasetFileWriter.write(allocator, reader, FileFormat.PARQUET, scratchDir.toUri().toString(), new String[0],
          1, template);
    } finally {
      awaitNativeReleases(allocator);
    }
    List<Path> written;
    try (Stream<Path> files = Files.list(scratchDir)) {
      written = files.toList();
    }
    if (written.size() != 1) {
      throw new IOException("expected the Parquet writer to write one file in " + scratchDir + ", found " + written);
    }
    Files.move(written.get(0), target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    FileTrees.deleteRecursively(scratchDir);
  }

  /**
   * The native writer releases the batches and the reader from its own threads, some only after {@code write} has
   * returned; closing the allocator before then would report a leak and fail those releases. So the wait goes on
   * through an interrupt (a cancelled run), which is passed on afterwards.
   */
  private static void awaitNativeReleases(BufferAllocator allocator) {
    long deadline = System.nanoTime() + RELEASE_TIMEOUT_NANOS;
    boolean interrupted = false;
    while (allocator.getAllocatedMemory() > 0 && System.nanoTime() < deadline) {
      try {
        Thread.sleep(1);
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
