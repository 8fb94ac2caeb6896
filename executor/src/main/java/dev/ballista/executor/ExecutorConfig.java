package dev.ballista.executor;

import dev.ballista.auth.TokenSecret;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Settings of one executor process.
 *
 * @param id unique name; generated when empty
 * @param bindHost interface the Flight/gRPC server listens on
 * @param advertisedHost host other executors and clients connect to (never 0.0.0.0)
 * @param port listen port, 0 for any free port
 * @param taskSlots tasks run at once
 * @param memoryLimitBytes the executor's Arrow allocator limit, shared by its tasks
 * @param workDir this executor's own directory for shuffle and result files (locked while it runs; job data an
 *     earlier run left there is deleted at start)
 * @param heartbeatIntervalMillis how often the executor tells the scheduler it is alive
 * @param jobDataTtl job data untouched this long, of a job the scheduler no longer knows, is deleted; zero turns
 *     the sweep off
 * @param shutdownGrace on shutdown, how long running tasks may take to finish before they are stopped and handed
 *     back to the scheduler
 * @param tokenSecret when set, every Arrow Flight call (client result fetches, other executors' shuffle reads)
 *     needs a bearer token signed with it, the secret the cluster's gateway signs its tokens with; null
 *     serves Flight to anyone (a cluster without auth)
 */
public record ExecutorConfig(
    String id, String bindHost, String advertisedHost, int port, int taskSlots, long memoryLimitBytes, Path workDir,
    long heartbeatIntervalMillis, Duration jobDataTtl, Duration shutdownGrace, TokenSecret tokenSecret) {
  public static final Duration DEFAULT_JOB_DATA_TTL = Duration.ofHours(1);
  public static final Duration DEFAULT_SHUTDOWN_GRACE = Duration.ofSeconds(30);

  public ExecutorConfig {
    if (jobDataTtl.isNegative() || shutdownGrace.isNegative()) {
      throw new IllegalArgumentException("durations must not be negative");
    }
  }

  /** With the default job-data time-to-live and shutdown grace period. */
  public ExecutorConfig(String id, String bindHost, String advertisedHost, int port, int taskSlots,
      long memoryLimitBytes, Path workDir, long heartbeatIntervalMillis) {
    this(id, bindHost, advertisedHost, port, taskSlots, memoryLimitBytes, workDir, heartbeatIntervalMillis,
        DEFAULT_JOB_DATA_TTL, DEFAULT_SHUTDOWN_GRACE, null);
  }

  public static ExecutorConfig defaults(Path workDir) {
    return new ExecutorConfig("", "127.0.0.1", "127.0.0.1", 0, Runtime.getRuntime().availableProcessors(),
        Runtime.getRuntime().maxMemory() / 2, workDir, 1000);
  }

  public ExecutorConfig withPort(int newPort) {
    return new ExecutorConfig(id, bindHost, advertisedHost, newPort, taskSlots, memoryLimitBytes, workDir,
        heartbeatIntervalMillis, jobDataTtl, shutdownGrace, tokenSecret);
  }

  public ExecutorConfig withId(String newId) {
    return new ExecutorConfig(newId, bindHost, advertisedHost, port, taskSlots, memoryLimitBytes, workDir,
        heartbeatIntervalMillis, jobDataTtl, shutdownGrace, tokenSecret);
  }

  public ExecutorConfig withTaskSlots(int slots) {
    return new ExecutorConfig(id, bindHost, advertisedHost, port, slots, memoryLimitBytes, workDir,
        heartbeatIntervalMillis, jobDataTtl, shutdownGrace, tokenSecret);
  }

  public ExecutorConfig withMemoryLimit(long bytes) {
    return new ExecutorConfig(id, bindHost, advertisedHost, port, taskSlots, bytes, workDir, heartbeatIntervalMillis,
        jobDataTtl, shutdownGrace, tokenSecret);
  }

  public ExecutorConfig withJobDataTtl(Duration ttl) {
    return new ExecutorConfig(id, bindHost, advertisedHost, port, taskSlots, memoryLimitBytes, workDir,
        heartbeatIntervalMillis, ttl, shutdownGrace, tokenSecret);
  }

  public ExecutorConfig withShutdownGrace(Duration grace) {
    return new ExecutorConfig(id, bindHost, advertisedHost, port, taskSlots, memoryLimitBytes, workDir,
        heartbeatIntervalMillis, jobDataTtl, grace, tokenSecret);
  }

  public ExecutorConfig withTokenSecret(TokenSecret secret) {
    return new ExecutorConfig(id, bindHost, advertisedHost, port, taskSlots, memoryLimitBytes, workDir,
        heartbeatIntervalMillis, jobDataTtl, shutdownGrace, secret);
  }
}
