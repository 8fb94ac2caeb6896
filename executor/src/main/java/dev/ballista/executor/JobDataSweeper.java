package dev.ballista.executor;

import java.io.IOException;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes job data that outlived its job: a job directory untouched for longer than the time-to-live, with no task
 * of it here, whose job the scheduler no longer knows. Job data is normally removed when the scheduler says the job
 * ended; this catches what that missed (a RemoveJobData lost with a restarting scheduler or a network cut). When
 * the scheduler cannot be asked, nothing is deleted.
 */
final class JobDataSweeper {
  private static final Logger LOG = LoggerFactory.getLogger(JobDataSweeper.class);

  /** What the scheduler says about a job id. */
  enum JobKnowledge { KNOWN, UNKNOWN, NO_ANSWER }

  /** Asks the scheduler about a job. */
  interface JobLookup {
    JobKnowledge lookUp(String jobId);
  }

  private final WorkDirectory workDir;
  private final long ttlMillis;
  private final Predicate<String> hasTasks;
  private final JobLookup scheduler;

  JobDataSweeper(WorkDirectory workDir, long ttlMillis, Predicate<String> hasTasks, JobLookup scheduler) {
    this.workDir = workDir;
    this.ttlMillis = ttlMillis;
    this.hasTasks = hasTasks;
    this.scheduler = scheduler;
  }

  /** How often to look: often enough that data outlives its time-to-live by at most a quarter, at most 5 min. */
  static long intervalMillis(long ttlMillis) {
    return Math.max(250, Math.min(ttlMillis / 4, 5 * 60_000));
  }

  /** One pass; returns how many job directories were deleted. Never throws. */
  int sweep(long nowMillis) {
    int deleted = 0;
    try {
      for (WorkDirectory.JobData job : workDir.jobData()) {
        if (nowMillis - job.lastModifiedMillis() < ttlMillis || hasTasks.test(job.jobId())) {
          continue;
        }
        JobKnowledge answer = scheduler.lookUp(job.jobId());
        if (answer == JobKnowledge.UNKNOWN) {
          LOG.info("removing data of job {}: untouched for {} s and unknown to the scheduler", job.jobId(),
              (nowMillis - job.lastModifiedMillis()) / 1000);
          workDir.removeJob(job.jobId());
          deleted++;
        } else if (answer == JobKnowledge.NO_ANSWER) {
          return deleted; // ask again next time rather than guess
        }
      }
    } catch (IOException | RuntimeException e) {
      LOG.warn("job data sweep failed: {}", e.toString());
    }
    return deleted;
  }
}
