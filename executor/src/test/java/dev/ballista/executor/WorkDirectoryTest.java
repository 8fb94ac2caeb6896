package dev.ballista.executor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkDirectoryTest {
  @TempDir
  Path dir;

  @Test
  void startsCleanButKeepsWhatIsNotJobData() throws IOException {
    Path leftover = Files.createDirectories(dir.resolve("jobs/abc123/1/0")).resolve("data-0.arrow");
    Files.writeString(leftover, "old");
    Path unrelated = Files.writeString(dir.resolve("notes.txt"), "mine");
    try (WorkDirectory work = WorkDirectory.open(dir)) {
      assertFalse(Files.exists(dir.resolve("jobs/abc123")), "job data of an earlier run is gone");
      assertTrue(Files.isDirectory(work.jobsDir()));
      assertEquals("mine", Files.readString(unrelated));
      assertTrue(work.jobData().isEmpty());
    }
    assertTrue(Files.exists(unrelated));
  }

  @Test
  void aSecondExecutorOnTheSameDirectoryIsRefused() throws IOException {
    try (WorkDirectory first = WorkDirectory.open(dir)) {
      IOException e = assertThrows(IOException.class, () -> WorkDirectory.open(dir));
      assertTrue(e.getMessage().contains("in use by another executor"), e.getMessage());
    }
    try (WorkDirectory again = WorkDirectory.open(dir)) {
      assertTrue(Files.isDirectory(again.jobsDir()), "the lock is released on close");
    }
  }

  @Test
  void jobDataReportsTheNewestModificationInside() throws IOException {
    try (WorkDirectory work = WorkDirectory.open(dir)) {
      Path file = Files.createDirectories(work.jobsDir().resolve("j1/2/0")).resolve("data-1.arrow");
      Files.writeString(file, "x");
      long old = System.currentTimeMillis() - 3_600_000;
      for (Path p : new Path[] {work.jobsDir().resolve("j1"), work.jobsDir().resolve("j1/2"),
          work.jobsDir().resolve("j1/2/0")}) {
        Files.setLastModifiedTime(p, java.nio.file.attribute.FileTime.fromMillis(old));
      }
      long fileTime = Files.getLastModifiedTime(file).toMillis();
      var jobs = work.jobData();
      assertEquals(1, jobs.size());
      assertEquals("j1", jobs.get(0).jobId());
      assertEquals(fileTime, jobs.get(0).lastModifiedMillis(), "a fresh file keeps an old directory alive");
    }
  }

  @Test
  void removeJobNeverLeavesTheJobsDirectory() throws IOException {
    try (WorkDirectory work = WorkDirectory.open(dir)) {
      Path precious = Files.writeString(dir.resolve("precious"), "x");
      work.removeJob("..");
      work.removeJob("../precious");
      work.removeJob("");
      assertTrue(Files.exists(precious));
      assertTrue(Files.isDirectory(work.jobsDir()));
    }
  }
}
