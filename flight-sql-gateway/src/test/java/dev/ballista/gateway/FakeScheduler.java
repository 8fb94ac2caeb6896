package dev.ballista.gateway;

import com.google.protobuf.ByteString;
import dev.ballista.gateway.FakeExecutor.RowRange;
import dev.ballista.proto.CancelJobRequest;
import dev.ballista.proto.CancelJobResponse;
import dev.ballista.proto.ExecuteQueryRequest;
import dev.ballista.proto.ExecuteQueryResponse;
import dev.ballista.proto.ExecutorMetadata;
import dev.ballista.proto.GetCatalogRequest;
import dev.ballista.proto.GetCatalogResponse;
import dev.ballista.proto.GetJobStatusRequest;
import dev.ballista.proto.GetJobStatusResponse;
import dev.ballista.proto.JobState;
import dev.ballista.proto.JobStatus;
import dev.ballista.proto.ListExecutorsRequest;
import dev.ballista.proto.ListExecutorsResponse;
import dev.ballista.proto.PrepareQueryRequest;
import dev.ballista.proto.PrepareQueryResponse;
import dev.ballista.proto.PreparedQuery;
import dev.ballista.proto.QueryError;
import dev.ballista.proto.ResultPartition;
import dev.ballista.proto.SchedulerServiceGrpc;
import dev.ballista.proto.TableInfo;
import dev.ballista.proto.UpdateResult;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Test double of the scheduler: answers a fixed set of statements the way the real one does (jobs
 * with result partitions on {@link FakeExecutor}, updates, positioned errors, failed and endless
 * jobs) and records what the gateway asked.
 */
final class FakeScheduler extends SchedulerServiceGrpc.SchedulerServiceImplBase
    implements AutoCloseable {
  static final String NUMBERS = "SELECT n, name FROM numbers";
  static final String NUMBER_BY_N = "SELECT n, name FROM numbers WHERE n = ?";
  static final String INSERT = "INSERT INTO numbers VALUES (1, 'one'), (2, 'two')";
  static final String MISSING_TABLE = "SELECT * FROM missing";
  static final String BROKEN = "SELECT broken";
  static final String ENDLESS = "SELECT * FROM endless";
  /** NUMBERS: two partitions of 5 and 7 rows; the second comes in 3 batches. */
  static final int NUMBERS_ROWS = 12;

  static final Schema PARAMETER_SCHEMA =
      new Schema(List.of(Field.nullable("n", new ArrowType.Int(64, true))));

  private final FakeExecutor executor;
  private final BufferAllocator allocator = new RootAllocator();
  private final Map<String, JobStatus> jobs = new ConcurrentHashMap<>();
  private final Map<String, CountDownLatch> endlessJobs = new ConcurrentHashMap<>();
  private final AtomicInteger jobCounter = new AtomicInteger();
  final List<String> executed = new CopyOnWriteArrayList<>();
  final List<Long> boundValues = new CopyOnWriteArrayList<>();
  final List<String> cancelledJobs = new CopyOnWriteArrayList<>();
  final CountDownLatch endlessJobStarted = new CountDownLatch(1);

  FakeScheduler(FakeExecutor executor) {
    this.executor = executor;
  }

  @Override
  public void prepareQuery(PrepareQueryRequest request,
      StreamObserver<PrepareQueryResponse> response) {
    PrepareQueryResponse.Builder answer = PrepareQueryResponse.newBuilder();
    String sql = request.getSql();
    switch (sql) {
      case NUMBERS, BROKEN, ENDLESS -> answer.setPrepared(query(List.of()));
      case NUMBER_BY_N -> answer.setPrepared(query(PARAMETER_SCHEMA.getFields()));
      case INSERT -> answer.setPrepared(PreparedQuery.newBuilder().setIsQuery(false));
      default -> answer.setError(errorFor(sql));
    }
    response.onNext(answer.build());
    response.onCompleted();
  }

  private static PreparedQuery query(List<Field> parameters) {
    PreparedQuery.Builder prepared = PreparedQuery.newBuilder()
        .setIsQuery(true)
        .setResultSchema(ArrowSchemas.serialize(FakeExecutor.NUMBERS_SCHEMA));
    if (!parameters.isEmpty()) {
      prepared.setParameterSchema(ArrowSchemas.serialize(new Schema(parameters)));
    }
    return prepared.build();
  }

  @Override
  public void executeQuery(ExecuteQueryRequest request,
      StreamObserver<ExecuteQueryResponse> response) {
    String sql = request.getSql();
    executed.add(sql);
    ExecuteQueryResponse.Builder answer = ExecuteQueryResponse.newBuilder();
    String jobId = "job-" + jobCounter.incrementAndGet();
    switch (sql) {
      case NUMBERS -> {
        completed(jobId, List.of(
            partition(jobId + "/0", new RowRange(0, 5, 5)),
            partition(jobId + "/1", new RowRange(5, NUMBERS_ROWS - 5, 3))));
        answer.setJobId(jobId);
      }
      case NUMBER_BY_N -> {
        long n = boundValue(request.getParameters());
        boundValues.add(n);
        completed(jobId, List.of(partition(jobId + "/0", new RowRange(n, 1, 1))));
        answer.setJobId(jobId);
      }
      case BROKEN -> {
        jobs.put(jobId, JobStatus.newBuilder().setJobId(jobId).setState(JobState.FAILED)
            .setError(QueryError.newBuilder().setCode("INTERNAL")
                .setMessage("Task 3 lost its executor\n\tat dev.ballista.Scheduler.run(Scheduler.java:1)"))
            .build());
        answer.setJobId(jobId);
      }
      case ENDLESS -> {
        endlessJobs.put(jobId, new CountDownLatch(1));
        endlessJobStarted.countDown();
        answer.setJobId(jobId);
      }
      case INSERT -> answer.setUpdate(UpdateResult.newBuilder().setUpdateCount(2));
      default -> answer.setError(errorFor(sql));
    }
    response.onNext(answer.build());
    response.onCompleted();
  }

  @Override
  public void getJobStatus(GetJobStatusRequest request,
      StreamObserver<GetJobStatusResponse> response) {
    String jobId = request.getJobId();
    CountDownLatch endless = endlessJobs.get(jobId);
    JobStatus status;
    if (endless != null) {
      boolean cancelled = await(endless, request.getWaitMillis());
      status = JobStatus.newBuilder().setJobId(jobId)
          .setState(cancelled ? JobState.CANCELLED : JobState.RUNNING).build();
    } else {
      status = jobs.get(jobId);
    }
    response.onNext(GetJobStatusResponse.newBuilder().setStatus(status).build());
    response.onCompleted();
  }

  @Override
  public void cancelJob(CancelJobRequest request, StreamObserver<CancelJobResponse> response) {
    cancelledJobs.add(request.getJobId());
    CountDownLatch endless = endlessJobs.get(request.getJobId());
    boolean running = endless != null && endless.getCount() > 0;
    if (endless != null) {
      endless.countDown();
    }
    response.onNext(CancelJobResponse.newBuilder().setCancelled(running).build());
    response.onCompleted();
  }

  @Override
  public void getCatalog(GetCatalogRequest request, StreamObserver<GetCatalogResponse> response) {
    response.onNext(GetCatalogResponse.newBuilder()
        .setCatalogName("ballista")
        .addAllSchemas(List.of("public", "tpch", "empty_schema"))
        .addTables(table("public", "numbers", "TABLE"))
        .addTables(table("public", "number_names", "VIEW"))
        .addTables(table("public", "numberXnames", "TABLE"))
        .addTables(table("tpch", "lineitem", "TABLE"))
        .addTables(table("tpch", "orders", "TABLE"))
        .build());
    response.onCompleted();
  }

  @Override
  public void listExecutors(ListExecutorsRequest request,
      StreamObserver<ListExecutorsResponse> response) {
    response.onNext(ListExecutorsResponse.newBuilder()
        .addExecutors(ExecutorMetadata.newBuilder().setId("executor-1").setHost("127.0.0.1")
            .setPort(executor.port()).setTaskSlots(4))
        .build());
    response.onCompleted();
  }

  private static TableInfo table(String schema, String name, String type) {
    return TableInfo.newBuilder().setSchema(schema).setName(name).setTableType(type)
        .setArrowSchema(ArrowSchemas.serialize(FakeExecutor.NUMBERS_SCHEMA)).build();
  }

  private void completed(String jobId, List<ResultPartition> partitions) {
    jobs.put(jobId, JobStatus.newBuilder().setJobId(jobId).setState(JobState.COMPLETED)
        .setResultSchema(ArrowSchemas.serialize(FakeExecutor.NUMBERS_SCHEMA))
        .addAllPartitions(partitions).build());
  }

  private ResultPartition partition(String path, RowRange rows) {
    return ResultPartition.newBuilder().setExecutorId("executor-1").setHost("127.0.0.1")
        .setPort(executor.port()).setTicket(executor.addFile(path, rows))
        .setNumRows(rows.count()).setNumBytes(rows.count() * 16L).build();
  }

  private long boundValue(ByteString parameters) {
    try (ArrowStreamReader reader = new ArrowStreamReader(parameters.newInput(), allocator)) {
      if (!reader.loadNextBatch() || reader.getVectorSchemaRoot().getRowCount() != 1) {
        throw new IllegalStateException("expected one parameter row");
      }
      return ((BigIntVector) reader.getVectorSchemaRoot().getVector(0)).get(0);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    allocator.close();
  }

  private static QueryError errorFor(String sql) {
    if (sql.equals(MISSING_TABLE)) {
      return QueryError.newBuilder().setCode("TABLE_NOT_FOUND")
          .setMessage("Object 'MISSING' not found").setLine(1).setColumn(15).setUserError(true)
          .build();
    }
    return QueryError.newBuilder().setCode("SYNTAX_ERROR")
        .setMessage("Encountered \"" + sql.split(" ")[0] + "\"").setLine(1).setColumn(1)
        .setUserError(true).build();
  }

  private static boolean await(CountDownLatch latch, long millis) {
    try {
      return latch.await(millis, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
