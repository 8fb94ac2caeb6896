package dev.ballista.executor;

import dev.ballista.engine.ErrorCode;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The final-stage task attempts on this executor whose results DoGet can follow, by job/stage/partition/attempt.
 * An entry is made by whichever comes first: the task starting, or a client asking for its result (a client can
 * be faster than the task's launch). Entries go with their job's data.
 */
final class LiveResults {
  private final Map<String, LiveResult> results = new ConcurrentHashMap<>();

  static String key(String jobId, int stageId, int partition, int attempt) {
    return jobId + "/" + stageId + "/" + partition + "/" + attempt;
  }

  LiveResult get(String key) {
    return results.computeIfAbsent(key, LiveResult::new);
  }

  /** Drops an entry a reader made for a task that never started here, so stray tickets leave nothing behind. */
  void forget(LiveResult result) {
    results.remove(result.name(), result);
  }

  /** The job's data is gone: readers of its results stop with {@code message}. */
  void removeJob(String jobId, ErrorCode code, String message) {
    results.values().removeIf(result -> {
      if (!result.name().startsWith(jobId + "/")) {
        return false;
      }
      result.failed(code, message);
      return true;
    });
  }

  int size() {
    return results.size();
  }
}
