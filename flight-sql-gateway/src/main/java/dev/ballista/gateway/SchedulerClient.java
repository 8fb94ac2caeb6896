package dev.ballista.gateway;

import com.google.protobuf.ByteString;
import dev.ballista.proto.CancelJobRequest;
import dev.ballista.proto.ExecuteQueryRequest;
import dev.ballista.proto.ExecuteQueryResponse;
import dev.ballista.proto.ExecutorMetadata;
import dev.ballista.proto.GetCatalogRequest;
import dev.ballista.proto.GetCatalogResponse;
import dev.ballista.proto.GetJobStatusRequest;
import dev.ballista.proto.JobStatus;
import dev.ballista.proto.ListExecutorsRequest;
import dev.ballista.proto.PrepareQueryRequest;
import dev.ballista.proto.PrepareQueryResponse;
import dev.ballista.proto.PreparedQuery;
import dev.ballista.proto.SchedulerServiceGrpc;
import dev.ballista.proto.SchedulerServiceGrpc.SchedulerServiceBlockingStub;
import io.grpc.Channel;
import io.grpc.StatusRuntimeException;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The scheduler calls the gateway makes, with deadlines, and with failures already turned into
 * Flight errors clients understand.
 */
final class SchedulerClient {
  /** Planning and catalog calls answer quickly; a scheduler silent this long is in trouble. */
  private static final long CALL_TIMEOUT_SECONDS = 60;

  private final SchedulerServiceBlockingStub stub;
  private final String defaultSchema;

  SchedulerClient(Channel channel, String defaultSchema) {
    this.stub = SchedulerServiceGrpc.newBlockingStub(channel);
    this.defaultSchema = defaultSchema;
  }

  /** Starts {@code sql}: a job to wait for, or the count of an update the scheduler ran itself. */
  ExecuteQueryResponse execute(String sql, ByteString parameters) {
    ExecuteQueryResponse response;
    try {
      response = withDeadline().executeQuery(ExecuteQueryRequest.newBuilder()
          .setSql(sql).setDefaultSchema(defaultSchema).setParameters(parameters).build());
    } catch (StatusRuntimeException e) {
      throw GatewayErrors.fromSchedulerCall("ExecuteQuery", e);
    }
    if (response.hasError()) {
      throw GatewayErrors.fromQueryError(response.getError());
    }
    return response;
  }

  PreparedQuery prepare(String sql) {
    PrepareQueryResponse response;
    try {
      response = withDeadline().prepareQuery(PrepareQueryRequest.newBuilder()
          .setSql(sql).setDefaultSchema(defaultSchema).build());
    } catch (StatusRuntimeException e) {
      throw GatewayErrors.fromSchedulerCall("PrepareQuery", e);
    }
    if (response.hasError()) {
      throw GatewayErrors.fromQueryError(response.getError());
    }
    return response.getPrepared();
  }

  /** One long poll: answers when the job ends or after {@code waitMillis}. */
  JobStatus jobStatus(String jobId, int waitMillis) {
    return jobStatus(jobId, waitMillis, false);
  }

  /**
   * The same; with {@code untilResultsPlaced} it also answers once the final stage's tasks are placed, listing
   * their result partitions while the job runs (a scheduler before v1.3 ignores it and waits for the end).
   */
  JobStatus jobStatus(String jobId, int waitMillis, boolean untilResultsPlaced) {
    try {
      return poll(jobId, waitMillis, untilResultsPlaced);
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() != io.grpc.Status.Code.UNAVAILABLE) {
        throw GatewayErrors.fromSchedulerCall("GetJobStatus", e);
      }
    }
    // The connection broke (e.g. the scheduler leader died): ask again, waiting for a standby to take over.
    try {
      return poll(jobId, waitMillis, untilResultsPlaced);
    } catch (StatusRuntimeException e) {
      throw GatewayErrors.fromSchedulerCall("GetJobStatus", e);
    }
  }

  private JobStatus poll(String jobId, int waitMillis, boolean untilResultsPlaced) {
    return stub.withWaitForReady().withDeadlineAfter(waitMillis + TimeUnit.SECONDS.toMillis(CALL_TIMEOUT_SECONDS),
            TimeUnit.MILLISECONDS)
        .getJobStatus(GetJobStatusRequest.newBuilder().setJobId(jobId).setWaitMillis(waitMillis)
            .setUntilResultsPlaced(untilResultsPlaced).build())
        .getStatus();
  }

  /** Whether the scheduler cancelled the job (false when it had already ended). */
  boolean cancel(String jobId) {
    try {
      return withDeadline().cancelJob(CancelJobRequest.newBuilder().setJobId(jobId).build())
          .getCancelled();
    } catch (StatusRuntimeException e) {
      throw GatewayErrors.fromSchedulerCall("CancelJob", e);
    }
  }

  GetCatalogResponse catalog() {
    try {
      return withDeadline().getCatalog(GetCatalogRequest.getDefaultInstance());
    } catch (StatusRuntimeException e) {
      throw GatewayErrors.fromSchedulerCall("GetCatalog", e);
    }
  }

  List<ExecutorMetadata> executors() {
    try {
      return withDeadline().listExecutors(ListExecutorsRequest.getDefaultInstance())
          .getExecutorsList();
    } catch (StatusRuntimeException e) {
      throw GatewayErrors.fromSchedulerCall("ListExecutors", e);
    }
  }

  private SchedulerServiceBlockingStub withDeadline() {
    return stub.withDeadlineAfter(CALL_TIMEOUT_SECONDS, TimeUnit.SECONDS);
  }
}
