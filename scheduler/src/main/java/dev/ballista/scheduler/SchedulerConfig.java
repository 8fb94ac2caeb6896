package dev.ballista.scheduler;

/**
 * Settings of the scheduler.
 *
 * @param bindHost interface of the gRPC port
 * @param port gRPC port for executors and gateways; -1 to serve only in-process (standalone)
 * @param executorTimeoutMillis an executor silent this long is declared lost and its work redone
 * @param maxTaskAttempts attempts per task before the job fails
 * @param batchSize rows per batch in tasks
 */
public record SchedulerConfig(String bindHost, int port, long executorTimeoutMillis, int maxTaskAttempts, int batchSize) {
  public static final int DEFAULT_PORT = 50050;

  public static SchedulerConfig defaults() {
    return new SchedulerConfig("127.0.0.1", DEFAULT_PORT, 10_000, 4, 16 * 1024);
  }

  public SchedulerConfig withPort(int newPort) {
    return new SchedulerConfig(bindHost, newPort, executorTimeoutMillis, maxTaskAttempts, batchSize);
  }

  public SchedulerConfig withExecutorTimeout(long millis) {
    return new SchedulerConfig(bindHost, port, millis, maxTaskAttempts, batchSize);
  }
}
