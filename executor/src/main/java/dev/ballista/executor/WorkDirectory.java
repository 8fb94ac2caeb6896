package dev.ballista.executor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An executor's work directory, which belongs to that executor alone: a lock file held while it runs, and job data
 * under {@code jobs/<job id>/}. Opening it takes the lock (a second executor on the same directory is refused with
 * a clear error) and deletes whatever job data an earlier run left, because no scheduler will ask for it again.
 * Nothing outside {@code jobs/} is ever deleted, so a work directory pointed at a shared place is safe.
 */
final class WorkDirectory implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WorkDirectory.class);
  static final String LOCK_FILE = "executor.lock";
  static final String JOBS = "jobs";

  /** A job's directory and the newest modification time of anything in it. */
  record JobData(String jobId, Path dir, long lastModifiedMillis) {}

  private final Path root;
  private final Path jobs;
  private final FileChannel lockChannel;
  private final FileLock lock;

  private WorkDirectory(Path root, FileChannel lockChannel, FileLock lock) {
    this.root = root;
    this.jobs = root.resolve(JOBS);
    this.lockChannel = lockChannel;
    this.lock = lock;
  }

  /** Locks {@code root} for this executor and starts it clean; fails if another executor is using it. */
  static WorkDirectory open(Path root) throws IOException {
    Path dir = root.toAbsolutePath().normalize();
    Files.createDirectories(dir);
    if (!Files.isWritable(dir)) {
      throw new IOException("work directory " + dir + " is not writable");
    }
    FileChannel channel = FileChannel.open(dir.resolve(LOCK_FILE), StandardOpenOption.CREATE,
        StandardOpenOption.WRITE);
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null;
    }
    if (lock == null) {
      channel.close();
      throw new IOException("work directory " + dir + " is in use by another executor; give each executor its own "
          + "--work-dir");
    }
    WorkDirectory workDir = new WorkDirectory(dir, channel, lock);
    int leftovers = workDir.jobData().size();
    if (leftovers > 0) {
      LOG.info("removing data of {} jobs an earlier run left in {}", leftovers, workDir.jobs);
    }
    deleteRecursively(workDir.jobs);
    Files.createDirectories(workDir.jobs);
    return workDir;
  }

  Path root() {
    return root;
  }

  /** Where tasks write: {@code jobs/<job id>/<stage>/<output partition>/data-<input partition>.arrow}. */
  Path jobsDir() {
    return jobs;
  }

  void removeJob(String jobId) {
    if (jobId.isEmpty() || jobId.contains("/") || jobId.contains("\\") || jobId.startsWith(".")) {
      return; // never resolves outside jobs/
    }
    deleteRecursively(jobs.resolve(jobId));
  }

  /** Every job directory, with the newest modification time inside it. */
  List<JobData> jobData() throws IOException {
    List<JobData> out = new ArrayList<>();
    if (!Files.isDirectory(jobs)) {
      return out;
    }
    try (Stream<Path> dirs = Files.list(jobs)) {
      for (Path dir : dirs.filter(Files::isDirectory).toList()) {
        out.add(new JobData(dir.getFileName().toString(), dir, newestModification(dir)));
      }
    }
    return out;
  }

  private static long newestModification(Path dir) {
    long newest = 0;
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) paths::iterator) {
        try {
          newest = Math.max(newest, Files.readAttributes(p, BasicFileAttributes.class).lastModifiedTime().toMillis());
        } catch (IOException gone) {
          // deleted while we looked: it no longer counts
        }
      }
    } catch (IOException | UncheckedIOException e) {
      return System.currentTimeMillis(); // cannot tell: treat as fresh, never delete what we cannot see
    }
    return newest;
  }

  static void deleteRecursively(Path dir) {
    // A task that is being stopped may still add a file while we walk: walk again until it is gone.
    for (int pass = 0; pass < 5 && Files.exists(dir); pass++) {
      try (Stream<Path> paths = Files.walk(dir)) {
        paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException | UncheckedIOException e) {
        if (pass == 4) {
          LOG.warn("could not remove {}: {}", dir, e.getMessage());
        }
      }
    }
  }

  /** Deletes all job data and releases the directory. */
  @Override
  public void close() {
    deleteRecursively(jobs);
    try {
      lock.release();
      lockChannel.close();
    } catch (IOException e) {
      LOG.warn("could not release {}: {}", root.resolve(LOCK_FILE), e.getMessage());
    }
  }
}
