package dev.ballista.executor;

import java.nio.file.Path;

/**
 * Settings of one executor process.
 *
 * @param id unique name; defaults to host:port when empty
 * @param bindHost interface the Flight/gRPC server listens on
 * @param advertisedHost host other executors and clients connect to (never 0.0.0.0)
 * @param port listen port, 0 for any free port
 * @param taskSlots tasks run at once
 * @param memoryLimitBytes the executor's Arrow allocator limit, shared by its tasks
 * @param workDir where shuffle and result files live; job directories are removed when jobs end
 * @param heartbeatIntervalMillis how often the executor tells the scheduler it is alive
 */
public record ExecutorConfig(
    String id, String bindHost, String advertisedHost, int port, int taskSlots, long memoryLimitBytes, Path workDir,
    long heartbeatIntervalMillis) {

  public static ExecutorConfig defaults(Path workDir) {
    return new ExecutorConfig("", "127.0.0.1", "127.0.0.1", 0, Runtime.getRuntime().availableProcessors(),
        Runtime.getRuntime().maxMemory() / 2, workDir, 1000);
  }

  public ExecutorConfig withPort(int newPort) {
    return new ExecutorConfig(id, bindHost, advertisedHost, newPort, taskSlots, memoryLimitBytes, workDir,
        heartbeatIntervalMillis);
  }

  public ExecutorConfig withId(String newId) {
    return new ExecutorConfig(newId, bindHost, advertisedHost, port, taskSlots, memoryLimitBytes, workDir,
        heartbeatIntervalMillis);
  }

  public ExecutorConfig withTaskSlots(int slots) {
    return new ExecutorConfig(id, bindHost, advertisedHost, port, slots, memoryLimitBytes, workDir,
        heartbeatIntervalMillis);
  }

  public ExecutorConfig withMemoryLimit(long bytes) {
    return new ExecutorConfig(id, bindHost, advertisedHost, port, taskSlots, bytes, workDir, heartbeatIntervalMillis);
  }
}
