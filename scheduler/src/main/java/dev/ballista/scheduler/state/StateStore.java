package dev.ballista.scheduler.state;

import dev.ballista.proto.ExecutorMetadata;
import dev.ballista.proto.StoredJob;
import dev.ballista.proto.StoredSchema;
import dev.ballista.proto.StoredTable;
import dev.ballista.proto.StoredTask;
import dev.ballista.proto.StoredView;
import java.util.List;

/**
 * Where the scheduler keeps what must survive it: executors, catalog schemas, tables and views, jobs with their stage plans, and
 * finished tasks with their output locations. Everything is a protobuf message, so a store only keeps bytes
 * under keys. Writers call it at state transitions only (never per batch); implementations may apply writes
 * asynchronously but must apply them in call order.
 */
public interface StateStore extends AutoCloseable {
  void putExecutor(ExecutorMetadata executor);

  void removeExecutor(String executorId);

  /** Stores a catalog table's definition (replacing one of the same schema and name, case-insensitively). */
  void putTable(StoredTable table);

  void removeTable(String schema, String name);

  /** The stored catalog tables, by schema and name. */
  List<StoredTable> listTables();

  /** Stores a schema made by CREATE SCHEMA (case-insensitive name; a second put is harmless). */
  void putSchema(StoredSchema schema);

  /** Stores a view's definition (replacing one of the same schema and name, case-insensitively). */
  void putView(StoredView view);

  void removeView(String schema, String name);

  /** Stores a job record: at submission, and again when its state changes. */
  void putJob(StoredJob job);

  /** Removes a job and all its tasks. */
  void removeJob(String jobId);

  /** Stores a finished task (replacing an earlier attempt of the same partition). */
  void putTask(StoredTask task);

  /** Forgets a partition's finished task, e.g. when the executor holding its output was lost. */
  void removeTask(String jobId, int stageId, int partition);

  /** Everything stored, as of all writes made so far. */
  StoredState load();

  /** Waits until every write made so far is applied. */
  void flush();

  @Override
  void close();
}
