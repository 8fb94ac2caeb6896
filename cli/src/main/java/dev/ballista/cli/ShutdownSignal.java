package dev.ballista.cli;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Ctrl-C and SIGTERM for a server command. The JVM halts once its shutdown hooks return, so the hook does not just
 * wake the main thread: it waits (up to a bound) until the main thread has closed the server, which for an executor
 * means draining its tasks.
 */
final class ShutdownSignal {
  private final CountDownLatch requested = new CountDownLatch(1);
  private final CountDownLatch closed = new CountDownLatch(1);

  private ShutdownSignal(Duration maxCleanup) {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      requested.countDown();
      try {
        closed.await(maxCleanup.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "shutdown"));
  }

  /** Installs the hook; {@code maxCleanup} bounds how long a signal waits for {@link #closed()}. */
  static ShutdownSignal install(Duration maxCleanup) {
    return new ShutdownSignal(maxCleanup);
  }

  /** Blocks until the process is asked to stop. */
  void await() throws InterruptedException {
    requested.await();
  }

  /** Asks the command to stop as a signal would (e.g. a scheduler that lost its leadership). */
  void request() {
    requested.countDown();
  }

  /** The server is closed: the process may exit. Call it in a finally block. */
  void closed() {
    closed.countDown();
  }
}
