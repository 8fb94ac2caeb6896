package dev.ballista.gateway;

import dev.ballista.proto.JobStatus;
import io.grpc.Context;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.FlightRuntimeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Waits for a job by long-polling the scheduler, and cancels the job when the client that asked for
 * it goes away (disconnect, deadline or cancel of the GetFlightInfo call) while it waits.
 */
final class JobWaiter {
  private static final Logger LOG = LoggerFactory.getLogger(JobWaiter.class);

  /** How long one poll may wait in the scheduler before answering that the job still runs. */
  static final int POLL_MILLIS = 10_000;
  /** Pause after a poll that answered early without a final state, so a scheduler that does not
   *  long-poll is not hammered. */
  private static final long EARLY_ANSWER_PAUSE_MILLIS = 50;

  private final SchedulerClient scheduler;

  JobWaiter(SchedulerClient scheduler) {
    this.scheduler = scheduler;
  }

  /** The status of the completed job; a failed or cancelled job is thrown as a Flight error. */
  JobStatus awaitCompleted(String jobId) {
    return await(jobId, false);
  }

  /**
   * The status once the job's result partitions are known: its final stage's tasks are placed (their
   * results stream from the executors while they run) or the job completed. Errors until then are
   * thrown as from {@link #awaitCompleted}; later ones reach the client through DoGet.
   */
  JobStatus awaitResultsPlaced(String jobId) {
    return await(jobId, true);
  }

  private JobStatus await(String jobId, boolean untilResultsPlaced) {
    Context call = Context.current();
    Context.CancellationListener cancelJob = cancelled -> cancelAbandoned(jobId);
    call.addListener(cancelJob, Runnable::run);
    try {
      while (true) {
        long started = System.nanoTime();
        JobStatus status = scheduler.jobStatus(jobId, POLL_MILLIS, untilResultsPlaced);
        if (untilResultsPlaced && status.getResultsPlaced()) {
          return status;
        }
        switch (status.getState()) {
          case COMPLETED:
            return status;
          case FAILED:
            throw GatewayErrors.fromQueryError(status.getError());
          case CANCELLED:
            throw CallStatus.CANCELLED.withDescription("Query " + jobId + " was cancelled")
                .toRuntimeException();
          default:
            pauseIfEarly(started);
        }
      }
    } finally {
      call.removeListener(cancelJob);
    }
  }

  private void cancelAbandoned(String jobId) {
    // The call's context is cancelled now; CancelJob must run outside it or it would fail at once.
    Context.ROOT.run(() -> {
      try {
        LOG.info("Client left while waiting for job {}; cancelling it", jobId);
        scheduler.cancel(jobId);
      } catch (FlightRuntimeException e) {
        LOG.warn("Could not cancel abandoned job {}: {}", jobId, e.getMessage());
      }
    });
  }

  private static void pauseIfEarly(long startedNanos) {
    long elapsedMillis = (System.nanoTime() - startedNanos) / 1_000_000;
    if (elapsedMillis >= POLL_MILLIS / 2) {
      return;
    }
    try {
      Thread.sleep(EARLY_ANSWER_PAUSE_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw CallStatus.CANCELLED.withDescription("Interrupted").toRuntimeException();
    }
  }
}
