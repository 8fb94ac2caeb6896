package dev.ballista.engine.exec.shuffle;

import dev.ballista.engine.exec.Batch;
import dev.ballista.engine.exec.BatchStream;
import dev.ballista.engine.exec.ExecutionPlan;
import dev.ballista.engine.exec.Partitioning;
import dev.ballista.engine.exec.ShuffleLocation;
import dev.ballista.engine.exec.TaskContext;
import dev.ballista.engine.types.RowSchema;
import java.util.List;

/**
 * Reads the output of an earlier stage: partition p is the concatenation of output partition p of every task of
 * that stage. The scheduler fills in {@link #locations()} when the earlier stage has finished.
 */
public final class ShuffleReaderExec implements ExecutionPlan {
  private final int stageId;
  private final RowSchema schema;
  private final Partitioning partitioning;
  private final List<List<ShuffleLocation>> locations;

  public ShuffleReaderExec(int stageId, RowSchema schema, Partitioning partitioning,
      List<List<ShuffleLocation>> locations) {
    this.stageId = stageId;
    this.schema = schema;
    this.partitioning = partitioning;
    this.locations = locations == null ? List.of() : List.copyOf(locations);
  }

  public int stageId() {
    return stageId;
  }

  public List<List<ShuffleLocation>> locations() {
    return locations;
  }

  public ShuffleReaderExec withLocations(List<List<ShuffleLocation>> newLocations) {
    return new ShuffleReaderExec(stageId, schema, partitioning, newLocations);
  }

  @Override
  public RowSchema schema() {
    return schema;
  }

  @Override
  public List<ExecutionPlan> children() {
    return List.of();
  }

  @Override
  public Partitioning outputPartitioning() {
    return partitioning;
  }

  @Override
  public ExecutionPlan withChildren(List<ExecutionPlan> children) {
    return this;
  }

  @Override
  public BatchStream execute(int partition, TaskContext context) {
    List<ShuffleLocation> partitions = partition < locations.size() ? locations.get(partition) : List.of();
    BatchStream parts = BatchStream.concat(partitions,
        location -> context.shuffleReader().read(location, schema, context));
    return new BatchStream() {
      @Override
      public Batch next() {
        Batch b = parts.next();
        return b == null ? null : context.countInput(b);
      }

      @Override
      public void close() {
        parts.close();
      }
    };
  }

  @Override
  public String describe() {
    return "ShuffleReaderExec: stage=" + stageId + " " + partitioning;
  }
}
