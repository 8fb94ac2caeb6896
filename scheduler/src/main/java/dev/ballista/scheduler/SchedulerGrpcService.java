package dev.ballista.scheduler;

import com.google.protobuf.ByteString;
import dev.ballista.engine.catalog.Catalog;
import dev.ballista.engine.catalog.TableDef;
import dev.ballista.engine.catalog.ViewDef;
import dev.ballista.engine.plan.SqlPlanner;
import dev.ballista.engine.types.RowSchema;
import dev.ballista.engine.ddl.DdlRunner;
import dev.ballista.engine.exec.op.ValuesExec;
import dev.ballista.engine.dist.DistributedPlanner;
import dev.ballista.engine.exec.ExecutionPlan;
import dev.ballista.engine.types.ClientTypes;
import dev.ballista.proto.CancelJobRequest;
import dev.ballista.proto.CancelJobResponse;
import dev.ballista.proto.DrainExecutorRequest;
import dev.ballista.proto.DrainExecutorResponse;
import dev.ballista.proto.ExecuteQueryRequest;
import dev.ballista.proto.ExecuteQueryResponse;
import dev.ballista.proto.ExecutorState;
import dev.ballista.proto.GetCatalogRequest;
import dev.ballista.proto.GetCatalogResponse;
import dev.ballista.proto.GetJobStatusRequest;
import dev.ballista.proto.GetJobStatusResponse;
import dev.ballista.proto.HeartbeatRequest;
import dev.ballista.proto.HeartbeatResponse;
import dev.ballista.proto.JobStatus;
import dev.ballista.proto.ListExecutorsRequest;
import dev.ballista.proto.ListExecutorsResponse;
import dev.ballista.proto.PrepareQueryRequest;
import dev.ballista.proto.PrepareQueryResponse;
import dev.ballista.proto.PreparedQuery;
import dev.ballista.proto.RegisterExecutorRequest;
import dev.ballista.proto.RegisterExecutorResponse;
import dev.ballista.proto.SchedulerServiceGrpc;
import dev.ballista.proto.TableInfo;
import dev.ballista.proto.TaskStatus;
import dev.ballista.proto.UpdateTaskStatusRequest;
import dev.ballista.proto.UpdateResult;
import dev.ballista.proto.UpdateTaskStatusResponse;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The scheduler's gRPC face: executors register and report here, gateways submit and follow queries. */
final class SchedulerGrpcService extends SchedulerServiceGrpc.SchedulerServiceImplBase {
  private static final Logger LOG = LoggerFactory.getLogger(SchedulerGrpcService.class);

  private final Catalog catalog;
  private final ExecutorRegistry executors;
  private final JobManager jobs;
  private final QueryPlanner planner;
  private final ExplainAnalyze explainAnalyze;

  SchedulerGrpcService(Catalog catalog, ExecutorRegistry executors, JobManager jobs) {
    this.catalog = catalog;
    this.executors = executors;
    this.jobs = jobs;
    this.planner = new QueryPlanner(catalog);
    this.explainAnalyze = new ExplainAnalyze(jobs);
  }

  @Override
  public void registerExecutor(RegisterExecutorRequest request, StreamObserver<RegisterExecutorResponse> response) {
    executors.register(request.getExecutor(), System.currentTimeMillis());
    LOG.info("executor {} registered at {}:{} with {} slots", request.getExecutor().getId(),
        request.getExecutor().getHost(), request.getExecutor().getPort(), request.getExecutor().getTaskSlots());
    response.onNext(RegisterExecutorResponse.getDefaultInstance());
    response.onCompleted();
    jobs.schedule();
  }

  @Override
  public void heartbeat(HeartbeatRequest request, StreamObserver<HeartbeatResponse> response) {
    boolean known = executors.heartbeat(request.getExecutorId(), System.currentTimeMillis(),
        request.getRunningTasks());
    response.onNext(HeartbeatResponse.newBuilder().setReregister(!known).build());
    response.onCompleted();
  }

  @Override
  public void updateTaskStatus(UpdateTaskStatusRequest request, StreamObserver<UpdateTaskStatusResponse> response) {
    executors.heartbeat(request.getExecutorId(), System.currentTimeMillis());
    for (TaskStatus status : request.getTaskStatusList()) {
      jobs.taskStatus(status);
    }
    response.onNext(UpdateTaskStatusResponse.getDefaultInstance());
    response.onCompleted();
  }

  @Override
  public void executeQuery(ExecuteQueryRequest request, StreamObserver<ExecuteQueryResponse> response) {
    ExecuteQueryResponse.Builder out = ExecuteQueryResponse.newBuilder();
    try {
      List<Object> parameters = Parameters.decode(request.getParameters().toByteArray());
      String analyzed = ExplainAnalyze.query(request.getSql());
      ExecutionPlan plan;
      if (analyzed != null) {
        // Runs the query first (this call waits for it), then answers its plan with metrics as the result.
        plan = explainAnalyze.run(analyzed,
            planner.plan(analyzed, request.getDefaultSchema(), targetPartitions(), parameters), this::submit);
      } else {
        DdlRunner.Result ddl = planner.runCatalogStatement(request.getSql(), request.getDefaultSchema());
        if (ddl != null && ddl.isUpdate()) {
          // Done already: clients see an update count (0, as JDBC has for DDL) and no job.
          out.setUpdate(UpdateResult.newBuilder().setUpdateCount(0));
          plan = null;
        } else {
          plan = ddl != null ? new ValuesExec(ddl.schema(), ddl.rows())
              : planner.plan(request.getSql(), request.getDefaultSchema(), targetPartitions(), parameters);
        }
      }
      if (plan != null) {
        String jobId = submit(request.getSql(), plan);
        out.setJobId(jobId);
        if (request.getWaitMillisForResults() > 0) {
          JobStatus status = jobs.status(jobId, Math.min(request.getWaitMillisForResults(), 60_000), false, true);
          if (status != null) {
            out.setStatus(status);
          }
        }
      }
    } catch (RuntimeException e) {
      logIfInternal(request.getSql(), e);
      out.setError(Errors.toProto(e));
    }
    response.onNext(out.build());
    response.onCompleted();
  }

  /** Cuts the plan into stages and starts it as a new job; answers the job's id. */
  private String submit(String sql, ExecutionPlan plan) {
    String jobId = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    byte[] schema = ClientTypes.schema(plan.schema()).serializeAsMessage();
    jobs.submit(jobId, sql, DistributedPlanner.plan(jobId, plan), schema);
    return jobId;
  }

  @Override
  public void prepareQuery(PrepareQueryRequest request, StreamObserver<PrepareQueryResponse> response) {
    PrepareQueryResponse.Builder out = PrepareQueryResponse.newBuilder();
    try {
      QueryPlanner.Prepared prepared = planner.prepare(request.getSql(), request.getDefaultSchema());
      PreparedQuery.Builder p = PreparedQuery.newBuilder().setIsQuery(prepared.isQuery());
      if (prepared.isQuery()) {
        p.setResultSchema(ByteString.copyFrom(ClientTypes.schema(prepared.result()).serializeAsMessage()));
      }
      if (prepared.parameters().size() > 0) {
        p.setParameterSchema(ByteString.copyFrom(ClientTypes.schema(prepared.parameters()).serializeAsMessage()));
      }
      out.setPrepared(p);
    } catch (RuntimeException e) {
      logIfInternal(request.getSql(), e);
      out.setError(Errors.toProto(e));
    }
    response.onNext(out.build());
    response.onCompleted();
  }

  private int targetPartitions() {
    return Math.max(1, executors.totalSlots());
  }

  private static void logIfInternal(String sql, RuntimeException e) {
    if (!(e instanceof dev.ballista.engine.QueryException q) || !q.code().isUserError()) {
      LOG.warn("planning failed for: {}", sql, e);
    }
  }

  @Override
  public void getJobStatus(GetJobStatusRequest request, StreamObserver<GetJobStatusResponse> response) {
    JobStatus status = jobs.status(request.getJobId(), Math.min(request.getWaitMillis(), 60_000),
        request.getWithTasks(), request.getUntilResultsPlaced());
    if (status == null) {
      response.onError(Status.NOT_FOUND.withDescription("no job " + request.getJobId()).asRuntimeException());
      return;
    }
    response.onNext(GetJobStatusResponse.newBuilder().setStatus(status).build());
    response.onCompleted();
  }

  @Override
  public void cancelJob(CancelJobRequest request, StreamObserver<CancelJobResponse> response) {
    response.onNext(CancelJobResponse.newBuilder().setCancelled(jobs.cancel(request.getJobId())).build());
    response.onCompleted();
  }

  @Override
  public void listExecutors(ListExecutorsRequest request, StreamObserver<ListExecutorsResponse> response) {
    ListExecutorsResponse.Builder out = ListExecutorsResponse.newBuilder();
    for (ExecutorRegistry.Entry e : executors.all()) {
      out.addExecutors(e.metadata);
      out.addStates(ExecutorState.newBuilder().setExecutorId(e.id()).setDraining(e.draining)
          .setRunningTasks(e.reportedRunningTasks).setAssignedTasks(jobs.assignedTasks(e))
          .setLastSeenMillis(e.lastSeenMillis));
    }
    response.onNext(out.build());
    response.onCompleted();
  }

  @Override
  public void drainExecutor(DrainExecutorRequest request, StreamObserver<DrainExecutorResponse> response) {
    switch (request.getPhase()) {
      case DRAINING -> jobs.executorDraining(request.getExecutorId(), request.getReason());
      case STOPPED -> jobs.executorStopped(request.getExecutorId());
      default -> {
        response.onError(Status.INVALID_ARGUMENT.withDescription("unknown drain phase " + request.getPhaseValue())
            .asRuntimeException());
        return;
      }
    }
    response.onNext(DrainExecutorResponse.getDefaultInstance());
    response.onCompleted();
  }

  @Override
  public void getCatalog(GetCatalogRequest request, StreamObserver<GetCatalogResponse> response) {
    GetCatalogResponse.Builder out = GetCatalogResponse.newBuilder().setCatalogName(Catalog.CATALOG_NAME);
    for (String schema : catalog.schemaNames()) {
      out.addSchemas(schema);
      for (TableDef t : catalog.tables(schema)) {
        out.addTables(TableInfo.newBuilder().setCatalog(Catalog.CATALOG_NAME).setSchema(schema).setName(t.name())
            .setTableType("TABLE")
            .setArrowSchema(ByteString.copyFrom(ClientTypes.schema(t.schema()).serializeAsMessage())));
      }
      for (ViewDef v : catalog.views(schema)) {
        try {
          RowSchema columns = new SqlPlanner(catalog).viewColumns(v, v.sql());
          out.addTables(TableInfo.newBuilder().setCatalog(Catalog.CATALOG_NAME).setSchema(schema).setName(v.name())
              .setTableType("VIEW")
              .setArrowSchema(ByteString.copyFrom(ClientTypes.schema(columns).serializeAsMessage())));
        } catch (RuntimeException e) {
          // A view whose tables are gone has no columns to show; querying it reports why.
          LOG.debug("view {} left out of the catalog listing: {}", v.qualifiedName(), e.getMessage());
        }
      }
    }
    response.onNext(out.build());
    response.onCompleted();
  }
}
