package dev.ballista.engine.exec.agg;

import dev.ballista.engine.exec.Batch;
import dev.ballista.engine.exec.BatchStream;
import dev.ballista.engine.exec.ExecutionPlan;
import dev.ballista.engine.exec.Partitioning;
import dev.ballista.engine.exec.TaskContext;
import dev.ballista.engine.expr.CastExpr;
import dev.ballista.engine.expr.ColumnExpr;
import dev.ballista.engine.expr.PhysicalExpr;
import dev.ballista.engine.types.Column;
import dev.ballista.engine.types.DataType;
import dev.ballista.engine.types.RowSchema;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.FieldVector;

/**
 * GROUP BY with aggregates, as a hash table from keys to group ids plus one accumulator per aggregate over group
 * ids. The same operator does partial aggregation (before an exchange) and final aggregation (after it, with
 * merge functions over the partial columns). Without grouping keys it always returns one row, as SQL requires.
 */
public final class HashAggregateExec implements ExecutionPlan {
  private final ExecutionPlan input;
  private final List<PhysicalExpr> groupBy;
  private final List<String> groupNames;
  private final List<AggregateCall> aggregates;
  private final RowSchema schema;

  public HashAggregateExec(ExecutionPlan input, List<PhysicalExpr> groupBy, List<String> groupNames,
      List<AggregateCall> aggregates) {
    this.input = input;
    this.groupBy = List.copyOf(groupBy);
    this.groupNames = List.copyOf(groupNames);
    this.aggregates = aggregates.stream().map(HashAggregateExec::normalize).toList();
    List<Column> columns = new ArrayList<>();
    for (int i = 0; i < groupBy.size(); i++) {
      columns.add(Column.of(groupNames.get(i), groupBy.get(i).type()));
    }
    for (AggregateCall call : this.aggregates) {
      columns.add(Column.of(call.name(), call.type()));
    }
    this.schema = new RowSchema(columns);
  }

  /** Casts SUM arguments to the 8-byte lane the accumulators add in. */
  private static AggregateCall normalize(AggregateCall call) {
    boolean isSum = call.function() == AggregateFunction.SUM || call.function() == AggregateFunction.SUM0;
    if (!isSum || call.argument() == null) {
      return call;
    }
    DataType in = call.argument().type();
    DataType out = call.type();
    DataType lane;
    if (out.isFloating()) {
      lane = DataType.DOUBLE;
    } else if (out.kind() == DataType.Kind.DECIMAL && in.kind() == DataType.Kind.DECIMAL && in.scale() == out.scale()) {
      return call;
    } else if (out.storage() == DataType.Storage.DECIMAL128) {
      lane = DataType.decimal(DataType.MAX_LONG_DECIMAL_PRECISION, out.scale());
    } else {
      lane = out;
    }
    if (in.equals(lane)) {
      return call;
    }
    return new AggregateCall(call.function(), new CastExpr(call.argument(), lane), call.type(), call.name());
  }

  public List<PhysicalExpr> groupBy() {
    return groupBy;
  }

  public List<String> groupNames() {
    return groupNames;
  }

  public List<AggregateCall> aggregates() {
    return aggregates;
  }

  public ExecutionPlan input() {
    return input;
  }

  @Override
  public RowSchema schema() {
    return schema;
  }

  @Override
  public List<ExecutionPlan> children() {
    return List.of(input);
  }

  @Override
  public Partitioning outputPartitioning() {
    int[] sources = new int[schema().size()];
    java.util.Arrays.fill(sources, -1);
    for (int k = 0; k < groupBy.size(); k++) {
      sources[k] = groupBy.get(k) instanceof ColumnExpr column ? column.index() : -1;
    }
    return input.outputPartitioning().throughColumns(sources);
  }

  @Override
  public ExecutionPlan withChildren(List<ExecutionPlan> children) {
    return new HashAggregateExec(children.get(0), groupBy, groupNames, aggregates);
  }

  @Override
  public BatchStream execute(int partition, TaskContext context) {
    return new AggregateStream(input.execute(partition, context), context);
  }

  private final class AggregateStream implements BatchStream {
    private final BatchStream in;
    private final TaskContext context;
    private final GroupByHash hash;
    private final Accumulator[] accumulators;
    private boolean consumed;
    private int emitted;
    private int groupCount;

    AggregateStream(BatchStream in, TaskContext context) {
      this.in = in;
      this.context = context;
      DataType[] keyTypes = groupBy.stream().map(PhysicalExpr::type).toArray(DataType[]::new);
      this.hash = groupBy.isEmpty() ? null : new GroupByHash(keyTypes);
      this.accumulators = new Accumulator[aggregates.size()];
      for (int i = 0; i < accumulators.length; i++) {
        accumulators[i] = Accumulators.create(aggregates.get(i));
      }
    }

    private void consume() {
      int[] groupIds = new int[0];
      if (hash == null) {
        for (Accumulator a : accumulators) {
          a.ensureCapacity(1);
        }
      }
      Batch batch;
      while ((batch = in.next()) != null) {
        try (Batch b = batch) {
          context.checkCancelled();
          int rows = b.rowCount();
          if (groupIds.length < rows) {
            groupIds = new int[rows];
          }
          if (hash == null) {
            java.util.Arrays.fill(groupIds, 0, rows, 0);
          } else {
            FieldVector[] keys = new FieldVector[groupBy.size()];
            try {
              for (int k = 0; k < keys.length; k++) {
                keys[k] = groupBy.get(k).evaluate(b, context);
              }
              hash.assign(keys, rows, groupIds);
            } finally {
              closeAll(keys);
            }
            for (Accumulator a : accumulators) {
              a.ensureCapacity(hash.groupCount());
            }
          }
          for (int a = 0; a < accumulators.length; a++) {
            PhysicalExpr argument = aggregates.get(a).argument();
            if (argument == null) {
              accumulators[a].update(groupIds, rows, null);
            } else {
              try (FieldVector v = argument.evaluate(b, context)) {
                accumulators[a].update(groupIds, rows, v);
              }
            }
          }
        }
      }
      groupCount = hash == null ? 1 : hash.groupCount();
      consumed = true;
    }

    @Override
    public Batch next() {
      if (!consumed) {
        consume();
      }
      if (emitted >= groupCount) {
        return null;
      }
      int count = Math.min(context.batchSize(), groupCount - emitted);
      FieldVector[] out = new FieldVector[schema.size()];
      int c = 0;
      for (int k = 0; k < groupBy.size(); k++) {
        out[c++] = hash.buildKey(k, emitted, count, context.allocator());
      }
      for (Accumulator a : accumulators) {
        out[c++] = a.result(emitted, count, context.allocator());
      }
      emitted += count;
      return new Batch(out, count);
    }

    @Override
    public void close() {
      in.close();
    }
  }

  private static void closeAll(FieldVector[] vectors) {
    for (FieldVector v : vectors) {
      if (v != null) {
        v.close();
      }
    }
  }

  @Override
  public String describe() {
    return "HashAggregateExec: groupBy=" + groupBy + " aggregates=" + aggregates;
  }
}
