package dev.ballista.engine.exec.window;

import dev.ballista.engine.exec.Batch;
import dev.ballista.engine.exec.BatchStream;
import dev.ballista.engine.exec.TaskContext;
import dev.ballista.engine.exec.kernel.Batches;
import dev.ballista.engine.exec.sort.SortKey;
import dev.ballista.engine.types.RowSchema;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.util.TransferPair;

/**
 * Runs a {@link WindowExec} over one input partition. Input batches are buffered until they hold a window
 * partition boundary; everything before the last boundary is complete, so it is evaluated and emitted, and the
 * rows after it wait for more input. Boundaries are looked for once the buffer has grown by a batch, and after a
 * search that found none only when it has doubled, so a partition larger than many batches is copied O(1)
 * times per row. Without PARTITION BY everything is one partition and is evaluated at the end.
 */
final class WindowStream implements BatchStream {
  private final WindowExec plan;
  private final BatchStream in;
  private final TaskContext context;
  private final RowSchema inputSchema;
  private final int[] orderColumns;
  private final List<Batch> pending = new ArrayList<>();
  private final ArrayDeque<Batch> ready = new ArrayDeque<>();
  private int pendingRows;
  private long searchAt;
  private boolean inputDone;

  WindowStream(WindowExec plan, BatchStream in, TaskContext context) {
    this.plan = plan;
    this.in = in;
    this.context = context;
    this.inputSchema = plan.input().schema();
    this.orderColumns = plan.orderKeys().stream().mapToInt(SortKey::column).toArray();
    this.searchAt = context.batchSize();
  }

  @Override
  public Batch next() {
    while (ready.isEmpty()) {
      if (inputDone) {
        return null;
      }
      context.checkCancelled();
      Batch b = in.next();
      if (b == null) {
        inputDone = true;
        if (pendingRows > 0) {
          try (Batch all = takePending()) {
            evaluate(all, all.rowCount());
          }
        }
        continue;
      }
      if (b.rowCount() == 0) {
        b.close();
        continue;
      }
      pending.add(b);
      pendingRows += b.rowCount();
      if (plan.partitionKeys().length > 0 && pendingRows >= searchAt) {
        emitCompletePartitions();
      }
    }
    return ready.poll();
  }

  private void emitCompletePartitions() {
    Batch all = takePending();
    int rows = all.rowCount();
    boolean[] starts = RowLayout.boundaries(all, inputSchema, plan.partitionKeys(), rows);
    int cut = rows - 1;
    while (cut > 0 && !starts[cut]) {
      cut--;
    }
    if (cut == 0) {
      pending.add(all);
      pendingRows = rows;
      searchAt = 2L * rows;
      return;
    }
    try (all) {
      evaluate(all, cut);
      pending.add(slice(all, cut, rows - cut, context.allocator()));
      pendingRows = rows - cut;
      searchAt = pendingRows + (long) context.batchSize();
    }
  }

  /** Evaluates the window functions for the first {@code rows} rows of {@code batch} and queues the output. */
  private void evaluate(Batch batch, int rows) {
    RowLayout layout = RowLayout.of(batch, inputSchema, plan.partitionKeys(), orderColumns, rows);
    List<WindowCall> calls = plan.calls();
    FieldVector[] results = new FieldVector[calls.size()];
    try {
      for (int c = 0; c < results.length; c++) {
        context.checkCancelled();
        results[c] = WindowEvaluator.evaluate(calls.get(c), batch, inputSchema, layout, context);
      }
      int width = batch.columnCount() + results.length;
      for (int from = 0; from < rows; from += context.batchSize()) {
        int count = Math.min(context.batchSize(), rows - from);
        FieldVector[] out = new FieldVector[width];
        for (int c = 0; c < batch.columnCount(); c++) {
          out[c] = slice(batch.column(c), from, count, context.allocator());
        }
        for (int c = 0; c < results.length; c++) {
          out[batch.columnCount() + c] = slice(results[c], from, count, context.allocator());
        }
        ready.add(new Batch(out, count));
      }
    } finally {
      for (FieldVector v : results) {
        if (v != null) {
          v.close();
        }
      }
    }
  }

  private Batch takePending() {
    try {
      return Batches.concatenate(pending, context.allocator());
    } finally {
      for (Batch b : pending) {
        b.close();
      }
      pending.clear();
      pendingRows = 0;
    }
  }

  private static Batch slice(Batch batch, int from, int count, BufferAllocator allocator) {
    FieldVector[] out = new FieldVector[batch.columnCount()];
    for (int c = 0; c < out.length; c++) {
      out[c] = slice(batch.column(c), from, count, allocator);
    }
    return new Batch(out, count);
  }

  private static FieldVector slice(FieldVector v, int from, int count, BufferAllocator allocator) {
    TransferPair pair = v.getTransferPair(allocator);
    pair.splitAndTransfer(from, count);
    return (FieldVector) pair.getTo();
  }

  @Override
  public void close() {
    for (Batch b : pending) {
      b.close();
    }
    pending.clear();
    for (Batch b : ready) {
      b.close();
    }
    ready.clear();
    in.close();
  }
}
