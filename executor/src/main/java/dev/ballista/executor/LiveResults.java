package dev.ballista.executor;

import dev.ballista.engine.ErrorCode;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The final-stage task attempts on this executor whose results DoGet can follow, by job/stage/partition/attempt.
 * An entry is made by whichever comes first: the task starting, or a client asking for its result (a client can
 * be faster than the task's launch). Entries go with their job's data; why the job ended is kept for an hour, so a
 * client asking later still learns it.
 */
final class LiveResults {
  /** How long why a job ended is remembered; far longer than a client takes from one partition to the next. */
  private static final long ENDED_MEMORY_MILLIS = TimeUnit.HOURS.toMillis(1);

  private record Ended(LiveResult.Failure failure, long atMillis) {}

  private final Map<String, LiveResult> results = new ConcurrentHashMap<>();
  private final Map<Path, LiveResult> finishedByPath = new ConcurrentHashMap<>();
  private final Map<String, Ended> ended = new ConcurrentHashMap<>();
  private final HeldResults memory;

  /** {@code memory} holds results for their clients; null writes every result to its file. */
  LiveResults(HeldResults memory) {
    this.memory = memory;
  }

  static String key(String jobId, int stageId, int partition, int attempt) {
    return jobId + "/" + stageId + "/" + partition + "/" + attempt;
  }

  /** The result of a task attempt of {@code jobId}; already failed when the job's data was removed. */
  LiveResult get(String jobId, String key) {
    LiveResult result = results.computeIfAbsent(key, name -> new LiveResult(name, memory));
    // removeJob records the end before it fails the entries: either it saw this one, or we see the end here.
    Ended end = ended.get(jobId);
    if (end != null) {
      result.failed(end.failure().code(), end.failure().message());
      results.remove(key, result);
    }
    return result;
  }

  /** The task wrote its whole result, part of which may be held in memory; its file is now at {@code path}. */
  void finished(LiveResult result, Path path, long fileBytes) {
    result.finished(path, fileBytes);
    finishedByPath.put(normalized(path), result);
  }

  /**
   * The finished result whose file is at {@code path}, or null when that file is not a result followed here. A
   * ticket naming the file of such a result must be served through it: the file lacks the batches held in memory.
   */
  LiveResult finishedAt(Path path) {
    return finishedByPath.get(normalized(path));
  }

  private static Path normalized(Path path) {
    return path.toAbsolutePath().normalize();
  }

  /** Why the job's results are gone, or null while they may still come. */
  LiveResult.Failure ended(String jobId) {
    Ended end = ended.get(jobId);
    return end == null ? null : end.failure();
  }

  /** Drops an entry a reader made for a task that never started here, so stray tickets leave nothing behind. */
  void forget(LiveResult result) {
    results.remove(result.name(), result);
  }

  /** The executor stops: every result is dropped and its readers stop. */
  void removeAll(String message) {
    results.values().forEach(result -> result.failed(ErrorCode.EXECUTOR_LOST, message));
    results.clear();
    finishedByPath.clear();
  }

  /** The job's data is gone: readers of its results stop with {@code message}. */
  void removeJob(String jobId, ErrorCode code, String message) {
    long now = System.currentTimeMillis();
    ended.putIfAbsent(jobId, new Ended(new LiveResult.Failure(code, message), now));
    ended.values().removeIf(end -> end.atMillis() < now - ENDED_MEMORY_MILLIS);
    finishedByPath.values().removeIf(result -> result.name().startsWith(jobId + "/"));
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
