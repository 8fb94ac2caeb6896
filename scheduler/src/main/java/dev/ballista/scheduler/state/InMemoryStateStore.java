package dev.ballista.scheduler.state;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageLite;
import com.google.protobuf.Parser;
import dev.ballista.proto.ExecutorMetadata;
import dev.ballista.proto.StoredJob;
import dev.ballista.proto.StoredSchema;
import dev.ballista.proto.StoredTable;
import dev.ballista.proto.StoredView;
import dev.ballista.proto.StoredTask;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The state store of a single scheduler (standalone, or a cluster without a standby). Keeps serialized bytes,
 * like etcd does, so both stores behave the same (no shared mutable objects with the caller).
 */
public final class InMemoryStateStore implements StateStore {
  private final NavigableMap<String, byte[]> entries = new TreeMap<>();

  @Override
  public synchronized void putExecutor(ExecutorMetadata executor) {
    entries.put(StateKeys.executor(executor.getId()), executor.toByteArray());
  }

  @Override
  public synchronized void removeExecutor(String executorId) {
    entries.remove(StateKeys.executor(executorId));
  }

  @Override
  public synchronized void putTable(StoredTable table) {
    entries.put(StateKeys.table(table.getSchema(), table.getName()), table.toByteArray());
  }

  @Override
  public synchronized void removeTable(String schema, String name) {
    entries.remove(StateKeys.table(schema, name));
  }

  @Override
  public synchronized void putSchema(StoredSchema schema) {
    entries.put(StateKeys.schema(schema.getName()), schema.toByteArray());
  }

  @Override
  public synchronized void putView(StoredView view) {
    entries.put(StateKeys.view(view.getSchema(), view.getName()), view.toByteArray());
  }

  @Override
  public synchronized void removeView(String schema, String name) {
    entries.remove(StateKeys.view(schema, name));
  }

  @Override
  public synchronized List<StoredTable> listTables() {
    return parse(StateKeys.TABLES, StoredTable.parser());
  }

  @Override
  public synchronized void putJob(StoredJob job) {
    entries.put(StateKeys.job(job.getJobId()), job.toByteArray());
  }

  @Override
  public synchronized void removeJob(String jobId) {
    entries.remove(StateKeys.job(jobId));
    entries.subMap(StateKeys.tasksOf(jobId), StateKeys.tasksOf(jobId) + Character.MAX_VALUE).clear();
  }

  @Override
  public synchronized void putTask(StoredTask task) {
    entries.put(StateKeys.task(task.getJobId(), task.getStageId(), task.getPartition()), task.toByteArray());
  }

  @Override
  public synchronized void removeTask(String jobId, int stageId, int partition) {
    entries.remove(StateKeys.task(jobId, stageId, partition));
  }

  @Override
  public synchronized StoredState load() {
    return new StoredState(parse(StateKeys.EXECUTORS, ExecutorMetadata.parser()),
        parse(StateKeys.SCHEMAS, StoredSchema.parser()), parse(StateKeys.TABLES, StoredTable.parser()),
        parse(StateKeys.VIEWS, StoredView.parser()), parse(StateKeys.JOBS, StoredJob.parser()),
        parse(StateKeys.TASKS, StoredTask.parser()));
  }

  private <T extends MessageLite> List<T> parse(String prefix, Parser<T> parser) {
    List<T> out = new ArrayList<>();
    for (Map.Entry<String, byte[]> e : entries.subMap(prefix, prefix + Character.MAX_VALUE).entrySet()) {
      try {
        out.add(parser.parseFrom(e.getValue()));
      } catch (InvalidProtocolBufferException broken) {
        throw new IllegalStateException("unreadable state entry " + e.getKey(), broken);
      }
    }
    return out;
  }

  @Override
  public void flush() {}

  @Override
  public void close() {}
}
