package dev.ballista.executor;

import dev.ballista.engine.ErrorCode;
import dev.ballista.engine.exec.shuffle.ResultListener;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The result partition of one final-stage task attempt on this executor, as DoGet follows it while the task runs.
 * The task hands its batches over in memory ({@link HeldResults}) while they fit; the first that does not, and all
 * after it, go to the result file, which the reader then follows up to the last whole batch. While a reader is
 * streaming the result, a full queue makes the task wait for it rather than write to disk: the result then goes
 * from the task to the client without touching the disk. A reader that stalls for {@link #STALL_MILLIS} lets the
 * task go on into the file.
 *
 * <p>Held batches are handed out once, so a result streams once. A reader follows this attempt only: when it fails
 * (or the job is removed) the reader fails too, even if a retry of the task runs elsewhere, because the client may
 * already hold some of this attempt's rows.
 */
final class LiveResult implements ResultListener {
  /** Readers wake this often to notice a client that went away. */
  private static final long WAKE_MILLIS = 100;
  /** How long a task waits for a reader that takes nothing before it writes the rest to the file. */
  static final long STALL_MILLIS = 1_000;

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

  /** Thrown to a second reader: the first took the batches held in memory. */
  static final class AlreadyReadException extends IOException {
    AlreadyReadException(String name) {
      super("result " + name + " was already streamed to a client (results stream once); run the query again");
    }
  }

  private record Held(ArrowRecordBatch batch, long bytes) {}

  private final String name;
  private final HeldResults memory; // null: nothing is held, every batch goes to the file
  private final ArrayDeque<Held> queue = new ArrayDeque<>();
  private long queuedBytes;
  private boolean spilled;    // a batch went to the file: the rest of the result is there
  private boolean started;    // the task runs here
  private Path file;          // null until the task opens it; the final name once it finished
  private Schema schema;
  private long committed;     // bytes of whole IPC messages in the file
  private boolean finished;
  private Failure failure;
  private boolean claimed;    // a reader has come: nobody else may read
  private boolean reading;    // that reader is streaming now
  private long lastTakenNanos;

  LiveResult(String name, HeldResults memory) {
    this.name = name;
    this.memory = memory;
  }

  String name() {
    return name;
  }

  synchronized void started() {
    started = true;
    notifyAll();
  }

  @Override
  public synchronized void opened(Path temporaryPath, Schema schema, long bytes) {
    this.file = temporaryPath;
    this.schema = schema;
    this.committed = bytes;
    notifyAll();
  }

  @Override
  public boolean offer(VectorSchemaRoot batch) {
    if (memory == null) {
      return false;
    }
    long bytes = dev.ballista.engine.exec.shuffle.RecordBatches.bufferBytes(batch);
    synchronized (this) {
      if (!awaitRoom(bytes)) {
        spilled = true;
        notifyAll();
        return false;
      }
    }
    ArrowRecordBatch taken = memory.copy(batch); // outside the lock: a reader may take the previous one meanwhile
    synchronized (this) {
      if (failure != null) {
        taken.close(); // nobody will read it; the task ends with the failure anyway
      } else {
        queue.add(new Held(taken, bytes));
        queuedBytes += bytes;
        notifyAll();
      }
      return true;
    }
  }

  /** Whether {@code bytes} more may be held, waiting while a reader drains the queue. Holds the lock. */
  private boolean awaitRoom(long bytes) {
    long waitedSince = System.nanoTime();
    long takenBefore = lastTakenNanos;
    while (!spilled && failure == null) {
      boolean underCap = queuedBytes == 0 || queuedBytes + bytes <= memory.perResult();
      if (underCap && memory.fits(bytes)) {
        return true;
      }
      if (!reading) {
        return false;
      }
      if (lastTakenNanos != takenBefore) {
        takenBefore = lastTakenNanos;
        waitedSince = System.nanoTime();
      } else if (System.nanoTime() - waitedSince > TimeUnit.MILLISECONDS.toNanos(STALL_MILLIS)) {
        return false;
      }
      try {
        wait(WAKE_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return false;
  }

  @Override
  public synchronized void batchWritten(long bytes) {
    committed = bytes;
    notifyAll();
  }

  /** The task produced its whole result; the file's final name is {@code path}. */
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
      release();
      notifyAll();
    }
  }

  private void release() {
    for (Held held : queue) {
      held.batch().close();
    }
    queue.clear();
    queuedBytes = 0;
  }

  /**
   * The result's schema once the task has opened it. Null when no task for this result started here within
   * {@code startMillis} (the ticket names an attempt that never came, or came and went before we were asked).
   */
  synchronized Schema awaitSchema(long startMillis, BooleanSupplier readerGone) throws IOException {
    long deadline = System.nanoTime() + startMillis * 1_000_000;
    while (schema == null) {
      check(readerGone);
      if (!started && System.nanoTime() > deadline) {
        return null;
      }
      pause();
    }
    return schema;
  }

  /** Makes the caller this result's one reader. */
  synchronized void claim() throws IOException {
    if (failure != null) {
      throw new FailedException(failure);
    }
    if (claimed) {
      throw new AlreadyReadException(name);
    }
    claimed = true;
    reading = true;
    lastTakenNanos = System.nanoTime();
  }

  /** The reader has stopped: a task waiting for room goes on into the file. */
  synchronized void unclaim() {
    reading = false;
    notifyAll();
  }

  /** The next batch held in memory (the caller closes it), or null when there are no more: see {@link #spilled}. */
  synchronized ArrowRecordBatch nextHeld(BooleanSupplier readerGone) throws IOException {
    while (true) {
      check(readerGone);
      Held held = queue.poll();
      if (held != null) {
        queuedBytes -= held.bytes();
        lastTakenNanos = System.nanoTime();
        notifyAll();
        return held.batch();
      }
      if (spilled || finished) {
        return null;
      }
      pause();
    }
  }

  /** Whether the result goes on in the file after the held batches. */
  synchronized boolean spilled() {
    return spilled;
  }

  /** After the last batch: a failure still fails the stream, since the result is not whole. */
  synchronized void checkWhole(BooleanSupplier readerGone) throws IOException {
    check(readerGone);
  }

  /** The schema of a result whose task has opened it. */
  synchronized Schema schema() {
    return schema;
  }

  /** The file to read; the task has opened it already. */
  synchronized Path file() {
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
