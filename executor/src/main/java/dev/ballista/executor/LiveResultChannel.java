package dev.ballista.executor;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.BooleanSupplier;

/**
 * Reads a result file while its task writes it: a read past the last whole batch waits for the next one, and the
 * end of the channel is the end of the finished file. An Arrow stream reader on top therefore sees a complete IPC
 * stream arriving slowly, never half a batch, and gets the attempt's failure as an {@link IOException}.
 */
final class LiveResultChannel implements ReadableByteChannel {
  private final LiveResult result;
  private final FileChannel file;
  private final BooleanSupplier readerGone;
  private long position;

  private LiveResultChannel(LiveResult result, FileChannel file, BooleanSupplier readerGone) {
    this.result = result;
    this.file = file;
    this.readerGone = readerGone;
  }

  /** Opens the file of {@code result}, whose task has opened it. */
  static LiveResultChannel open(LiveResult result, BooleanSupplier readerGone) throws IOException {
    Path path = result.file();
    FileChannel channel;
    try {
      channel = FileChannel.open(path, StandardOpenOption.READ);
    } catch (NoSuchFileException renamedOrDeleted) {
      // Between our look and the open the task finished (renamed its file) or failed (deleted it). Once open,
      // renames and deletes no longer matter: the channel keeps reading what the task wrote.
      channel = FileChannel.open(result.awaitFinishedFile(readerGone), StandardOpenOption.READ);
    }
    return new LiveResultChannel(result, channel, readerGone);
  }

  @Override
  public int read(ByteBuffer dst) throws IOException {
    if (!dst.hasRemaining()) {
      return 0;
    }
    long available = result.awaitBeyond(position, readerGone);
    if (available <= position) {
      return -1;
    }
    int limit = dst.limit();
    dst.limit(dst.position() + (int) Math.min(dst.remaining(), available - position));
    try {
      int n = file.read(dst, position);
      if (n < 0) {
        throw new IOException("result file of " + result.name() + " is shorter than its task reported");
      }
      position += n;
      return n;
    } finally {
      dst.limit(limit);
    }
  }

  @Override
  public boolean isOpen() {
    return file.isOpen();
  }

  @Override
  public void close() throws IOException {
    file.close();
  }
}
