package dev.ballista.engine.exec;

/**
 * The output of one partition of an operator: a pull-based stream of batches. The caller owns each batch
 * returned by {@link #next()} and closes it; {@code null} means the end. Closing the stream releases everything
 * it holds, also when it was not read to the end (a cancelled or limited query).
 */
public interface BatchStream extends AutoCloseable {
  Batch next();

  @Override
  void close();
}
