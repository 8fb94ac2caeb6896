package dev.ballista.engine.exec.sort;

import dev.ballista.engine.exec.Batch;
import dev.ballista.engine.exec.kernel.Batches;
import dev.ballista.engine.exec.kernel.Gather;
import dev.ballista.engine.types.DataType;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;

/**
 * The first {@code n} rows by the sort keys of everything added, held in at most about {@code n} plus one batch of
 * rows rather than the whole input. Once {@code n} rows are kept, an incoming row survives only if it sorts before
 * the last kept row; survivors wait in a pending list that is merged with the kept rows (sort, keep {@code n}) when
 * it grows as large as the kept set.
 */
final class TopNRows implements AutoCloseable {
  /** Merges no more often than every this many pending rows, so small {@code n} does not merge per batch. */
  private static final int MIN_PENDING_ROWS = 4096;

  private final DataType[] types;
  private final SortKey[] keys;
  private final int n;
  private final BufferAllocator allocator;
  private Batch kept;
  private RowComparator keptComparator;
  private final List<Batch> pending = new ArrayList<>();
  private int pendingRows;

  TopNRows(DataType[] types, SortKey[] keys, int n, BufferAllocator allocator) {
    this.types = types;
    this.keys = keys;
    this.n = n;
    this.allocator = allocator;
  }

  /** Takes ownership of {@code batch}. */
  void add(Batch batch) {
    int rows = batch.rowCount();
    if (rows == 0 || n == 0) {
      batch.close();
      return;
    }
    if (kept != null && kept.rowCount() == n) {
      batch = survivors(batch);
      if (batch == null) {
        return;
      }
    }
    pending.add(batch);
    pendingRows += batch.rowCount();
    if (pendingRows >= Math.max(n, MIN_PENDING_ROWS)) {
      merge();
    }
  }

  /** The rows of {@code batch} that sort before the last kept row, or null if none (the batch is closed). */
  private Batch survivors(Batch batch) {
    int rows = batch.rowCount();
    RowComparator comparator = new RowComparator(batch.columns(), types, keys, rows);
    int last = kept.rowCount() - 1;
    int[] selected = new int[rows];
    int count = 0;
    for (int i = 0; i < rows; i++) {
      if (comparator.compareWith(keptComparator, i, last) < 0) {
        selected[count++] = i;
      }
    }
    if (count == rows) {
      return batch;
    }
    try (batch) {
      return count == 0 ? null : gather(batch, selected, count);
    }
  }

  private Batch gather(Batch batch, int[] indices, int count) {
    FieldVector[] out = new FieldVector[batch.columnCount()];
    for (int c = 0; c < out.length; c++) {
      out[c] = Gather.take(batch.column(c), types[c], indices, count, allocator);
    }
    return new Batch(out, count);
  }

  /** Sorts the kept and pending rows together and keeps the first {@code n}. */
  private void merge() {
    List<Batch> inputs = new ArrayList<>(pending.size() + 1);
    if (kept != null) {
      inputs.add(kept);
      kept = null;
      keptComparator = null;
    }
    inputs.addAll(pending);
    Batch merged;
    try (Batch all = Batches.concatenate(inputs, allocator)) {
      int rows = all.rowCount();
      int[] order = new int[rows];
      for (int i = 0; i < rows; i++) {
        order[i] = i;
      }
      IntSorter.sort(order, rows, new RowComparator(all.columns(), types, keys, rows)::compare);
      merged = gather(all, order, Math.min(n, rows));
    } finally {
      for (Batch b : inputs) {
        b.close();
      }
      pending.clear();
      pendingRows = 0;
    }
    kept = merged;
    keptComparator = new RowComparator(kept.columns(), types, keys, kept.rowCount());
  }

  /** The first {@code n} rows in order, or null if nothing was added; the caller owns the batch. */
  Batch finish() {
    if (!pending.isEmpty()) {
      merge();
    }
    Batch result = kept;
    kept = null;
    keptComparator = null;
    return result;
  }

  @Override
  public void close() {
    if (kept != null) {
      kept.close();
      kept = null;
    }
    for (Batch b : pending) {
      b.close();
    }
    pending.clear();
  }
}
