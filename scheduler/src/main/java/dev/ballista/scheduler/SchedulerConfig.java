package dev.ballista.scheduler;

/**
 * Settings of the scheduler.
 *
 * @param bindHost interface of the gRPC and HTTP ports
 * @param port gRPC port for executors and gateways; -1 to serve only in-process (standalone)
 * @param executorTimeoutMillis an executor silent this long is declared lost and its work redone
 * @param maxTaskAttempts attempts per task before the job fails
 * @param batchSize rows per batch in tasks
 * @param httpPort port of the REST API and web UI; 0 for any free port, -1 for none
 */
public record SchedulerConfig(String bindHost, int port, long executorTimeoutMillis, int maxTaskAttempts, int batchSize,
    int httpPort) {
  public static final int DEFAULT_PORT = 50050;
  public static final int DEFAULT_HTTP_PORT = 8080;

  /** Without the REST API and web UI. */
  public SchedulerConfig(String bindHost, int port, long executorTimeoutMillis, int maxTaskAttempts, int batchSize) {
    this(bindHost, port, executorTimeoutMillis, maxTaskAttempts, batchSize, -1);
  }

  public static SchedulerConfig defaults() {
    return new SchedulerConfig("127.0.0.1", DEFAULT_PORT, 10_000, 4, 16 * 1024, -1);
  }

  public SchedulerConfig withPort(int newPort) {
    return new SchedulerConfig(bindHost, newPort, executorTimeoutMillis, maxTaskAttempts, batchSize, httpPort);
  }

  public SchedulerConfig withExecutorTimeout(long millis) {
    return new SchedulerConfig(bindHost, port, millis, maxTaskAttempts, batchSize, httpPort);
  }

  public SchedulerConfig withBind(String host) {
    return new SchedulerConfig(host, port, executorTimeoutMillis, maxTaskAttempts, batchSize, httpPort);
  }

  public SchedulerConfig withBatchSize(int rows) {
    return new SchedulerConfig(bindHost, port, executorTimeoutMillis, maxTaskAttempts, rows, httpPort);
  }

  public SchedulerConfig withHttpPort(int newHttpPort) {
    return new SchedulerConfig(bindHost, port, executorTimeoutMillis, maxTaskAttempts, batchSize, newHttpPort);
  }
}
