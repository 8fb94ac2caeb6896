package dev.ballista.scheduler.state;

import dev.ballista.proto.ExecutorMetadata;
import dev.ballista.proto.StoredJob;
import dev.ballista.proto.StoredTable;
import dev.ballista.proto.StoredTask;
import java.util.List;

/** A snapshot of a state store, each list in key order. */
public record StoredState(List<ExecutorMetadata> executors, List<StoredTable> tables, List<StoredJob> jobs,
    List<StoredTask> tasks) {
  public StoredState {
    executors = List.copyOf(executors);
    tables = List.copyOf(tables);
    jobs = List.copyOf(jobs);
    tasks = List.copyOf(tasks);
  }

  public boolean isEmpty() {
    return executors.isEmpty() && tables.isEmpty() && jobs.isEmpty() && tasks.isEmpty();
  }
}
