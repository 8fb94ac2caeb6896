package dev.ballista.scheduler.state;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.ballista.proto.ExecutorMetadata;
import dev.ballista.proto.StoredJob;
import dev.ballista.proto.StoredSchema;
import dev.ballista.proto.StoredTable;
import dev.ballista.proto.StoredView;
import dev.ballista.proto.StoredTask;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.election.LeaderKey;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.PutOption;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.GetOption;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state store of a cluster: keys under a prefix (default {@code /ballista/}) in etcd, values the serialized
 * protobuf records. Writes are sent asynchronously, one after the other in call order, so the scheduler's hot
 * paths never wait for etcd; {@link #flush()} and {@link #load()} wait for those in flight. A write that fails
 * is logged and dropped: what it would have recorded is redone by the next leader (a finished task runs again).
 */
public final class EtcdStateStore implements StateStore {
  private static final Logger LOG = LoggerFactory.getLogger(EtcdStateStore.class);
  private static final long TIMEOUT_SECONDS = 10;

  private final Client client;
  private final String prefix;
  private CompletableFuture<?> tail = CompletableFuture.completedFuture(null);
  /** When set, writes apply only while this leader key exists with this creation revision (fencing). */
  private volatile Cmp fence;

  private EtcdStateStore(Client client, String prefix) {
    this.client = client;
    this.prefix = prefix;
  }

  /**
   * Connects to etcd at {@code endpoints} (comma-separated URLs such as {@code http://127.0.0.1:2379}) and checks
   * that it answers, so a wrong address fails at start with a clear message.
   */
  public static EtcdStateStore connect(String endpoints, String prefix) {
    return connect(endpoints, prefix, java.time.Duration.ofSeconds(TIMEOUT_SECONDS));
  }

  /** As {@link #connect(String, String)}, waiting at most {@code timeout} for etcd to answer. */
  public static EtcdStateStore connect(String endpoints, String prefix, java.time.Duration timeout) {
    String[] urls = endpoints.split(",");
    for (int i = 0; i < urls.length; i++) {
      urls[i] = urls[i].trim();
    }
    Client client = Client.builder().endpoints(urls).connectTimeout(java.time.Duration.ofSeconds(5))
        .retryMaxDuration(java.time.Duration.ofSeconds(10)).build();
    EtcdStateStore store = new EtcdStateStore(client, prefix.endsWith("/") ? prefix : prefix + "/");
    try {
      client.getKVClient().get(bytes(store.prefix), GetOption.builder().withCountOnly(true).isPrefix(true).build())
          .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException | ExecutionException | TimeoutException e) {
      client.close();
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      throw new IllegalStateException("etcd at " + endpoints + " does not answer: " + rootMessage(e), e);
    }
    return store;
  }

  /** Leader election among the schedulers sharing this store's prefix. */
  public EtcdLeaderElection election(String candidate, long leaseTtlSeconds) {
    return new EtcdLeaderElection(client, prefix + "leader", candidate, leaseTtlSeconds);
  }

  /** How many schedulers campaign in the election now: the leader and the standbys. */
  public long candidates() {
    try {
      return client.getKVClient().get(bytes(prefix + "leader/"), GetOption.builder().isPrefix(true)
          .withCountOnly(true).build()).get(TIMEOUT_SECONDS, TimeUnit.SECONDS).getCount();
    } catch (InterruptedException | ExecutionException | TimeoutException e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      throw new IllegalStateException("cannot read the election from etcd: " + rootMessage(e), e);
    }
  }

  /**
   * From now on, writes apply only while {@code leader} still leads: a scheduler that lost its lease (a long
   * pause, a partition) and still thinks it leads cannot overwrite what the new leader writes.
   */
  public void fenceWith(LeaderKey leader) {
    fence = new Cmp(leader.getKey(), Cmp.Op.EQUAL, CmpTarget.createRevision(leader.getRevision()));
  }

  @Override
  public void putExecutor(ExecutorMetadata executor) {
    put(StateKeys.executor(executor.getId()), executor.toByteArray());
  }

  @Override
  public void removeExecutor(String executorId) {
    delete(StateKeys.executor(executorId), false);
  }

  @Override
  public void putTable(StoredTable table) {
    put(StateKeys.table(table.getSchema(), table.getName()), table.toByteArray());
  }

  @Override
  public void removeTable(String schema, String name) {
    delete(StateKeys.table(schema, name), false);
  }

  @Override
  public void putSchema(StoredSchema schema) {
    put(StateKeys.schema(schema.getName()), schema.toByteArray());
  }

  @Override
  public void putView(StoredView view) {
    put(StateKeys.view(view.getSchema(), view.getName()), view.toByteArray());
  }

  @Override
  public void removeView(String schema, String name) {
    delete(StateKeys.view(schema, name), false);
  }

  @Override
  public List<StoredTable> listTables() {
    List<StoredTable> tables = new ArrayList<>();
    for (KeyValue kv : read(StateKeys.TABLES)) {
      tables.add(parse(kv, StoredTable.parser()));
    }
    return tables;
  }

  @Override
  public void putJob(StoredJob job) {
    put(StateKeys.job(job.getJobId()), job.toByteArray());
  }

  @Override
  public void removeJob(String jobId) {
    delete(StateKeys.job(jobId), false);
    delete(StateKeys.tasksOf(jobId), true);
  }

  @Override
  public void putTask(StoredTask task) {
    put(StateKeys.task(task.getJobId(), task.getStageId(), task.getPartition()), task.toByteArray());
  }

  @Override
  public void removeTask(String jobId, int stageId, int partition) {
    delete(StateKeys.task(jobId, stageId, partition), false);
  }

  private void put(String key, byte[] value) {
    write(key, Op.put(bytes(prefix + key), ByteSequence.from(value), PutOption.DEFAULT));
  }

  private void delete(String key, boolean isPrefix) {
    write(key, Op.delete(bytes(prefix + key), DeleteOption.builder().isPrefix(isPrefix).build()));
  }

  private void write(String key, Op op) {
    enqueue(key, () -> {
      Cmp leader = fence;
      var txn = client.getKVClient().txn();
      if (leader != null) {
        txn = txn.If(leader);
      }
      return txn.Then(op).commit().thenAccept(response -> {
        if (!response.isSucceeded()) {
          LOG.warn("etcd write of {} dropped: this scheduler no longer leads", key);
        }
      });
    });
  }

  private synchronized void enqueue(String key, Supplier<CompletableFuture<?>> write) {
    tail = tail.handle((ok, failed) -> null).thenCompose(ignored -> write.get()).whenComplete((ok, failed) -> {
      if (failed != null) {
        LOG.warn("etcd write of {} failed: {}", key, rootMessage(failed));
      }
    });
  }

  @Override
  public void flush() {
    CompletableFuture<?> last;
    synchronized (this) {
      last = tail;
    }
    try {
      last.handle((ok, failed) -> null).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      LOG.warn("etcd writes did not finish: {}", rootMessage(e));
    }
  }

  @Override
  public StoredState load() {
    List<ExecutorMetadata> executors = new ArrayList<>();
    List<StoredSchema> schemas = new ArrayList<>();
    List<StoredTable> tables = new ArrayList<>();
    List<StoredView> views = new ArrayList<>();
    List<StoredJob> jobs = new ArrayList<>();
    List<StoredTask> tasks = new ArrayList<>();
    for (KeyValue kv : read("")) {
      String key = kv.getKey().toString(StandardCharsets.UTF_8).substring(prefix.length());
      if (key.startsWith(StateKeys.EXECUTORS)) {
        executors.add(parse(kv, ExecutorMetadata.parser()));
      } else if (key.startsWith(StateKeys.SCHEMAS)) {
        schemas.add(parse(kv, StoredSchema.parser()));
      } else if (key.startsWith(StateKeys.TABLES)) {
        tables.add(parse(kv, StoredTable.parser()));
      } else if (key.startsWith(StateKeys.VIEWS)) {
        views.add(parse(kv, StoredView.parser()));
      } else if (key.startsWith(StateKeys.JOBS)) {
        jobs.add(parse(kv, StoredJob.parser()));
      } else if (key.startsWith(StateKeys.TASKS)) {
        tasks.add(parse(kv, StoredTask.parser()));
      }
    }
    return new StoredState(executors, schemas, tables, views, jobs, tasks);
  }

  /** The entries under {@code prefix + keyPrefix} in key order, after every write made so far. */
  private List<KeyValue> read(String keyPrefix) {
    flush();
    try {
      return client.getKVClient().get(bytes(prefix + keyPrefix), GetOption.builder().isPrefix(true)
          .withSortField(GetOption.SortTarget.KEY).withSortOrder(GetOption.SortOrder.ASCEND).build())
          .get(TIMEOUT_SECONDS, TimeUnit.SECONDS).getKvs();
    } catch (InterruptedException | ExecutionException | TimeoutException e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      throw new IllegalStateException("cannot read scheduler state from etcd: " + rootMessage(e), e);
    }
  }

  private <T> T parse(KeyValue kv, com.google.protobuf.Parser<T> parser) {
    try {
      return parser.parseFrom(kv.getValue().getBytes());
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("unreadable state entry " + kv.getKey().toString(StandardCharsets.UTF_8)
          + " in etcd", e);
    }
  }

  @Override
  public void close() {
    flush();
    client.close();
  }

  /** Drops the connection without waiting for writes in flight, as a crashed process would: for tests. */
  public void abort() {
    client.close();
  }

  static ByteSequence bytes(String s) {
    return ByteSequence.from(s, StandardCharsets.UTF_8);
  }

  static String rootMessage(Throwable t) {
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }
}
