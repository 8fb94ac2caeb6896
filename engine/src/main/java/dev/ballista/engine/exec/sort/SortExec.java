package dev.ballista.engine.exec.sort;

import dev.ballista.engine.exec.Batch;
import dev.ballista.engine.exec.BatchStream;
import dev.ballista.engine.exec.ExecutionPlan;
import dev.ballista.engine.exec.UnaryExec;
import dev.ballista.engine.exec.TaskContext;
import dev.ballista.engine.exec.kernel.Batches;
import dev.ballista.engine.exec.kernel.Gather;
import dev.ballista.engine.types.DataType;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.vector.FieldVector;

/**
 * ORDER BY within each partition, optionally keeping only the first {@code fetch} rows (top-N). Reads its whole
 * input, concatenates it column by column, sorts row indices with typed comparators, and emits gathered batches.
 * With a fetch of at most {@link #TOP_N_MAX_FETCH} rows it keeps only the running top rows instead of the input.
 */
public final class SortExec extends UnaryExec {
  static final int TOP_N_MAX_FETCH = 1 << 20;

  private final List<SortKey> keys;
  private final long fetch;

  /** {@code fetch} < 0 keeps every row. */
  public SortExec(ExecutionPlan input, List<SortKey> keys, long fetch) {
    super(input);
    this.keys = List.copyOf(keys);
    this.fetch = fetch;
  }

  public List<SortKey> keys() {
    return keys;
  }

  public long fetch() {
    return fetch;
  }

  @Override
  protected ExecutionPlan withInput(ExecutionPlan newInput) {
    return new SortExec(newInput, keys, fetch);
  }

  @Override
  public BatchStream execute(int partition, TaskContext context) {
    BatchStream in = input.execute(partition, context);
    return new BatchStream() {
      private Batch all;
      private int[] order;
      private int emitted;
      private int limit;

      @Override
      public Batch next() {
        if (all == null) {
          DataType[] types = schema().columns().stream().map(c -> c.type()).toArray(DataType[]::new);
          SortKey[] sortKeys = keys.toArray(new SortKey[0]);
          boolean topN = fetch >= 0 && fetch <= TOP_N_MAX_FETCH;
          all = topN ? topRows(in, types, sortKeys, context) : Batches.concatenate(in, context);
          int rows = all.rowCount();
          if (rows == 0) {
            return null;
          }
          order = new int[rows];
          for (int i = 0; i < rows; i++) {
            order[i] = i;
          }
          if (!topN) {
            RowComparator comparator = new RowComparator(all.columns(), types, sortKeys, rows);
            IntSorter.sort(order, rows, comparator::compare);
          }
          limit = fetch < 0 ? rows : (int) Math.min(rows, fetch);
        }
        if (emitted >= limit) {
          return null;
        }
        context.checkCancelled();
        int count = Math.min(context.batchSize(), limit - emitted);
        int[] indices = Arrays.copyOfRange(order, emitted, emitted + count);
        FieldVector[] out = new FieldVector[all.columnCount()];
        for (int c = 0; c < out.length; c++) {
          out[c] = Gather.take(all.column(c), schema().type(c), indices, count, context.allocator());
        }
        emitted += count;
        return new Batch(out, count);
      }

      @Override
      public void close() {
        if (all != null) {
          all.close();
        }
        in.close();
      }
    };
  }

  /** The first {@code fetch} rows of the input, already in order (an empty batch for no rows). */
  private Batch topRows(BatchStream in, DataType[] types, SortKey[] sortKeys, TaskContext context) {
    try (TopNRows top = new TopNRows(types, sortKeys, (int) fetch, context.allocator())) {
      Batch b;
      while ((b = in.next()) != null) {
        context.checkCancelled();
        top.add(b);
      }
      Batch result = top.finish();
      return result != null ? result : new Batch(new FieldVector[0], 0);
    }
  }

  @Override
  public String describe() {
    return "SortExec: " + keys + (fetch >= 0 ? " fetch=" + fetch : "");
  }
}
