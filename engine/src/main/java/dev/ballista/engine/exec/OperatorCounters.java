package dev.ballista.engine.exec;

/**
 * What one operator produced in one task: rows, batches and the time spent producing them (its inputs' time
 * included). Updated once per batch by the task's thread and read after the task ends.
 */
public final class OperatorCounters {
  private long outputRows;
  private long outputBatches;
  private long elapsedNanos;

  void addBatch(int rows) {
    outputRows += rows;
    outputBatches++;
  }

  void addTime(long nanos) {
    elapsedNanos += nanos;
  }

  public long outputRows() {
    return outputRows;
  }

  public long outputBatches() {
    return outputBatches;
  }

  public long elapsedNanos() {
    return elapsedNanos;
  }
}
