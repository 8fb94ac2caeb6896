package dev.ballista.tpch.run;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Where and when a benchmark ran, so its figures can be read later: cores, memory, CPU model, JVM, OS, the time,
 * and the commit (BALLISTA_COMMIT as the launcher sets it, else {@code git rev-parse} in the working directory).
 */
public record MachineInfo(int cores, long memoryBytes, String cpu, String jvm, String os, String date,
    String commit) {
  public static MachineInfo current() {
    long memory = ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
        ? os.getTotalMemorySize() : -1;
    return new MachineInfo(Runtime.getRuntime().availableProcessors(), memory, cpuModel(),
        System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
        System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"),
        Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(), currentCommit());
  }

  public String memory() {
    return memoryBytes < 0 ? "unknown"
        : String.format(Locale.ROOT, "%.1f GiB", memoryBytes / (double) (1L << 30));
  }

  private static String cpuModel() {
    try {
      return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
          .map(l -> l.substring(l.indexOf(':') + 1).strip()).findFirst().orElse("unknown");
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }

  private static String currentCommit() {
    String fromLauncher = System.getenv("BALLISTA_COMMIT");
    if (fromLauncher != null && !fromLauncher.isBlank()) {
      return fromLauncher.strip();
    }
    try {
      Process git = new ProcessBuilder("git", "rev-parse", "--short=12", "HEAD").redirectErrorStream(true).start();
      String out = new String(git.getInputStream().readAllBytes()).strip();
      if (git.waitFor(5, TimeUnit.SECONDS) && git.exitValue() == 0 && !out.isEmpty()) {
        return out;
      }
    } catch (IOException e) {
      return "unknown";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return "unknown";
  }
}
