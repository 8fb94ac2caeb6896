package dev.ballista.engine.exec;

import java.util.List;
import java.util.function.Function;

/**
 * The output of one partition of an operator: a pull-based stream of batches. The caller owns each batch
 * returned by {@link #next()} and closes it; {@code null} means the end. Closing the stream releases everything
 * it holds, also when it was not read to the end (a cancelled or limited query).
 */
public interface BatchStream extends AutoCloseable {
  Batch next();

  @Override
  void close();

  /**
   * The batches of one stream per source, in order: each stream is opened by {@code open} when the one before it
   * has ended, and closed then.
   */
  static <T> BatchStream concat(List<T> sources, Function<T, BatchStream> open) {
    return new BatchStream() {
      private int next;
      private BatchStream current;

      @Override
      public Batch next() {
        while (true) {
          if (current == null) {
            if (next >= sources.size()) {
              return null;
            }
            current = open.apply(sources.get(next++));
          }
          Batch batch = current.next();
          if (batch != null) {
            return batch;
          }
          current.close();
          current = null;
        }
      }

      @Override
      public void close() {
        if (current != null) {
          current.close();
          current = null;
        }
      }
    };
  }
}
