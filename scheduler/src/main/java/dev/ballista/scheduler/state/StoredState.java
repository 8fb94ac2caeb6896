package dev.ballista.scheduler.state;

import dev.ballista.proto.ExecutorMetadata;
import dev.ballista.proto.StoredJob;
import dev.ballista.proto.StoredSchema;
import dev.ballista.proto.StoredTable;
import dev.ballista.proto.StoredTask;
import dev.ballista.proto.StoredView;
import java.util.List;

/** A snapshot of a state store, each list in key order. */
public record StoredState(List<ExecutorMetadata> executors, List<StoredSchema> schemas, List<StoredTable> tables,
    List<StoredView> views, List<StoredJob> jobs, List<StoredTask> tasks) {
  public StoredState {
    executors = List.copyOf(executors);
    schemas = List.copyOf(schemas);
    tables = List.copyOf(tables);
    views = List.copyOf(views);
    jobs = List.copyOf(jobs);
    tasks = List.copyOf(tasks);
  }

  public boolean isEmpty() {
    return executors.isEmpty() && schemas.isEmpty() && tables.isEmpty() && views.isEmpty() && jobs.isEmpty()
        && tasks.isEmpty();
  }
}
