package dev.ballista.executor;

import dev.ballista.engine.ErrorCode;
import dev.ballista.engine.exec.shuffle.ResultFileListener;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;

/**
 * The result partition of one final-stage task attempt on this executor, as DoGet follows it while the task runs:
 * the file the task writes, how much of it holds whole batches, and how the attempt ended. The task thread reports
 * through {@link ResultFileListener}; readers wait on this object until there is more to send.
 *
 * <p>A reader follows this attempt only: when it fails (or the job is removed) the reader fails too, even if a
 * retry of the task runs elsewhere, because the client may already hold some of this attempt's rows.
 */
final class LiveResult implements ResultFileListener {
  /** Readers wake this often to notice a client that went away. */
  private static final long WAKE_MILLIS = 100;

  /** Why the attempt ended without its whole result. */
  record Failure(ErrorCode code, String message) {}

  /** Thrown to a reader when the attempt (or its job) failed. */
  static final class FailedException extends IOException {
    private final Failure failure;

    FailedException(Failure failure) {
      super(failure.message());
      this.failure = failure;
    }

    Failure failure() {
      return failure;
    }
  }

  private final String name;
  private boolean started;    // the task runs here
  private Path file;          // null until the task opens it; the final name once it finished
  private long committed;     // bytes of whole IPC messages in the file
  private boolean finished;
  private Failure failure;

  LiveResult(String name) {
    this.name = name;
  }

  String name() {
    return name;
  }

  synchronized void started() {
    started = true;
    notifyAll();
  }

  @Override
  public synchronized void opened(Path temporaryPath, long bytes) {
    file = temporaryPath;
    committed = bytes;
    notifyAll();
  }

  @Override
  public synchronized void batchWritten(long bytes) {
    committed = bytes;
    notifyAll();
  }

  /** The task wrote its whole result and renamed the file to {@code path}. */
  synchronized void finished(Path path, long bytes) {
    if (failure == null) {
      file = path;
      committed = bytes;
      finished = true;
      notifyAll();
    }
  }

  /** The attempt failed, or its job was removed: readers stop with this error. The first reason wins. */
  synchronized void failed(ErrorCode code, String message) {
    if (failure == null) {
      failure = new Failure(code, message);
      notifyAll();
    }
  }

  /**
   * The file to read once the task has opened it. Null when no task for this result started here within
   * {@code startMillis} (the ticket names an attempt that never came, or came and went before we were asked).
   */
  synchronized Path awaitFile(long startMillis, BooleanSupplier readerGone) throws IOException {
    long deadline = System.nanoTime() + startMillis * 1_000_000;
    while (file == null) {
      check(readerGone);
      if (!started && System.nanoTime() > deadline) {
        return null;
      }
      pause();
    }
    return file;
  }

  /** After the task's file vanished under a reader about to open it: the final file, once the task finished. */
  synchronized Path awaitFinishedFile(BooleanSupplier readerGone) throws IOException {
    while (!finished) {
      check(readerGone);
      pause();
    }
    return file;
  }

  /**
   * Waits until the file holds more than {@code position} bytes or the task has finished, and answers how many it
   * holds; exactly {@code position} means the result ends there.
   */
  synchronized long awaitBeyond(long position, BooleanSupplier readerGone) throws IOException {
    while (committed <= position && !finished) {
      check(readerGone);
      pause();
    }
    check(readerGone); // a failure after the last batch still fails the stream: the result is not whole
    return committed;
  }

  private void check(BooleanSupplier readerGone) throws IOException {
    if (failure != null) {
      throw new FailedException(failure);
    }
    if (readerGone.getAsBoolean()) {
      throw new InterruptedIOException("the client stopped reading " + name);
    }
  }

  private void pause() throws InterruptedIOException {
    try {
      wait(WAKE_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while following " + name);
    }
  }
}
