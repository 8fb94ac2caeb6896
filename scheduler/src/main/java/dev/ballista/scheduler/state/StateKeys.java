package dev.ballista.scheduler.state;

/**
 * Key layout shared by the stores: {@code executors/ID}, {@code schemas/NAME}, {@code tables/SCHEMA/NAME},
 * {@code views/SCHEMA/NAME}, {@code jobs/ID},
 * {@code tasks/JOB/STAGE/PARTITION} (numbers zero-padded so keys sort in stage and partition order).
 */
final class StateKeys {
  static final String EXECUTORS = "executors/";
  static final String SCHEMAS = "schemas/";
  static final String TABLES = "tables/";
  static final String VIEWS = "views/";
  static final String JOBS = "jobs/";
  static final String TASKS = "tasks/";

  private StateKeys() {}

  static String executor(String id) {
    return EXECUTORS + id;
  }

  /** Catalog names are case-insensitive: keys are in lower case. */
  static String table(String schema, String name) {
    return TABLES + schema.toLowerCase(java.util.Locale.ROOT) + "/" + name.toLowerCase(java.util.Locale.ROOT);
  }

  static String schema(String name) {
    return SCHEMAS + name.toLowerCase(java.util.Locale.ROOT);
  }

  static String view(String schema, String name) {
    return VIEWS + schema.toLowerCase(java.util.Locale.ROOT) + "/" + name.toLowerCase(java.util.Locale.ROOT);
  }

  static String job(String id) {
    return JOBS + id;
  }

  static String tasksOf(String jobId) {
    return TASKS + jobId + "/";
  }

  static String task(String jobId, int stageId, int partition) {
    return tasksOf(jobId) + String.format("%06d/%08d", stageId, partition);
  }
}
