package dev.ballista.gateway;

import com.google.protobuf.ByteString;
import io.grpc.Context;
import dev.ballista.proto.ExecuteQueryResponse;
import dev.ballista.proto.JobStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.apache.arrow.flight.CancelStatus;
import org.apache.arrow.flight.FlightDescriptor;
import org.apache.arrow.flight.FlightInfo;

/**
 * Runs SQL through the scheduler: a query answers where its result is as soon as that is known (the
 * rows then stream while the job runs), an update waits for its job and answers its count. A statement
 * with several bound parameter rows runs once per row.
 */
final class StatementRunner {
  /** DoPutUpdateResult's value for "ran, count unknown". */
  static final long UNKNOWN_UPDATE_COUNT = -1;

  private final SchedulerClient scheduler;
  private final JobWaiter waiter;
  private final ResultFlightInfos flightInfos;

  StatementRunner(SchedulerClient scheduler, ResultFlightInfos flightInfos) {
    this.scheduler = scheduler;
    this.waiter = new JobWaiter(scheduler);
    this.flightInfos = flightInfos;
  }

  FlightInfo query(String sql, List<ByteString> parameterRows, FlightDescriptor descriptor) {
    List<JobStatus> jobs = new ArrayList<>();
    for (ByteString parameters : runs(parameterRows)) {
      // ExecuteQuery answers at once and the wait for the results is a long poll: a scheduler that fails over while
      // ExecuteQuery waited would take the job's id with it, while a poll is asked again of the new leader.
      ExecuteQueryResponse started = detached(() -> scheduler.execute(sql, parameters));
      if (started.hasJobId()) {
        jobs.add(waiter.awaitResultsPlaced(started.getJobId()));
      }
    }
    // A statement the scheduler ran itself (DDL through a query API) has no rows to fetch.
    return jobs.isEmpty() ? ResultFlightInfos.empty(descriptor) : flightInfos.of(jobs, descriptor);
  }

  /** The summed update count; unknown when any run was a job rather than a counted update. */
  long update(String sql, List<ByteString> parameterRows) {
    long total = 0;
    for (ByteString parameters : runs(parameterRows)) {
      ExecuteQueryResponse started = scheduler.execute(sql, parameters);
      if (started.hasUpdate()) {
        total = total == UNKNOWN_UPDATE_COUNT ? total
            : total + started.getUpdate().getUpdateCount();
      } else {
        waiter.awaitCompleted(started.getJobId());
        total = UNKNOWN_UPDATE_COUNT;
      }
    }
    return total;
  }

  /** Cancels the jobs behind a FlightInfo; not cancellable when they had ended or are unknown. */
  CancelStatus cancel(FlightInfo info) {
    boolean cancelled = false;
    for (String jobId : ResultFlightInfos.jobIds(info)) {
      cancelled |= scheduler.cancel(jobId);
    }
    return cancelled ? CancelStatus.CANCELLED : CancelStatus.NOT_CANCELLABLE;
  }

  /**
   * Runs a scheduler call outside the client's call context: a client that leaves while ExecuteQuery waits for the
   * placement would otherwise cancel that call and lose the job's id, so nothing would cancel the job. The waiter
   * that follows sees the client gone and cancels the job at once.
   */
  private static <T> T detached(Supplier<T> call) {
    Context previous = Context.ROOT.attach();
    try {
      return call.get();
    } finally {
      Context.ROOT.detach(previous);
    }
  }

  private static List<ByteString> runs(List<ByteString> parameterRows) {
    return parameterRows.isEmpty() ? List.of(ByteString.EMPTY) : parameterRows;
  }
}
