package dev.ballista.executor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ballista.executor.JobDataSweeper.JobKnowledge;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobDataSweeperTest {
  private static final long HOUR = 3_600_000;

  @TempDir
  Path dir;

  private Path job(WorkDirectory work, String id, long modifiedMillis) throws IOException {
    Path jobDir = work.jobsDir().resolve(id);
    Files.writeString(Files.createDirectories(jobDir.resolve("1/0")).resolve("data-0.arrow"), "rows");
    try (Stream<Path> paths = Files.walk(jobDir)) {
      for (Path p : paths.toList()) {
        Files.setLastModifiedTime(p, FileTime.fromMillis(modifiedMillis));
      }
    }
    return jobDir;
  }

  @Test
  void deletesOnlyOldDataOfJobsTheSchedulerForgot() throws IOException {
    long now = System.currentTimeMillis();
    try (WorkDirectory work = WorkDirectory.open(dir)) {
      Path forgotten = job(work, "forgotten", now - 2 * HOUR);
      Path known = job(work, "known", now - 2 * HOUR);
      Path fresh = job(work, "fresh", now - 60_000);
      Path busy = job(work, "busy", now - 2 * HOUR);
      List<String> asked = new ArrayList<>();
      Map<String, JobKnowledge> scheduler = Map.of("forgotten", JobKnowledge.UNKNOWN, "known", JobKnowledge.KNOWN,
          "fresh", JobKnowledge.UNKNOWN, "busy", JobKnowledge.UNKNOWN);
      JobDataSweeper sweeper = new JobDataSweeper(work, HOUR, "busy"::equals, id -> {
        asked.add(id);
        return scheduler.get(id);
      });
      assertEquals(1, sweeper.sweep(now));
      assertFalse(Files.exists(forgotten));
      assertTrue(Files.exists(known), "the scheduler still knows it (results may still be fetched)");
      assertTrue(Files.exists(fresh), "younger than the time-to-live");
      assertTrue(Files.exists(busy), "a task of it runs here");
      assertFalse(asked.contains("fresh"), "young data needs no question");
      assertFalse(asked.contains("busy"));
    }
  }

  @Test
  void keepsEverythingWhenTheSchedulerCannotBeAsked() throws IOException {
    long now = System.currentTimeMillis();
    try (WorkDirectory work = WorkDirectory.open(dir)) {
      Path a = job(work, "a", now - 2 * HOUR);
      Path b = job(work, "b", now - 2 * HOUR);
      JobDataSweeper sweeper = new JobDataSweeper(work, HOUR, id -> false, id -> JobKnowledge.NO_ANSWER);
      assertEquals(0, sweeper.sweep(now));
      assertTrue(Files.exists(a));
      assertTrue(Files.exists(b));
    }
  }

  @Test
  void sweepsOftenEnoughForShortAndLongTimeToLive() {
    assertEquals(500, JobDataSweeper.intervalMillis(2_000));
    assertEquals(250, JobDataSweeper.intervalMillis(100));
    assertEquals(5 * 60_000, JobDataSweeper.intervalMillis(24 * HOUR));
  }
}
