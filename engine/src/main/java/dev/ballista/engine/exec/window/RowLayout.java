package dev.ballista.engine.exec.window;

import dev.ballista.engine.exec.Batch;
import dev.ballista.engine.exec.sort.RowComparator;
import dev.ballista.engine.exec.sort.SortKey;
import dev.ballista.engine.types.DataType;
import dev.ballista.engine.types.RowSchema;
import org.apache.arrow.vector.FieldVector;

/**
 * Where each row's window partition and peer group (rows equal on the ORDER BY keys) start and end, for the
 * first {@code rows} rows of a batch sorted by (partition keys, order keys). Bounds are row indices, ends
 * exclusive; every function and frame is computed from these four arrays.
 */
final class RowLayout {
  final int rows;
  final int[] partitionStart;
  final int[] partitionEnd;
  final int[] peerStart;
  final int[] peerEnd;

  private RowLayout(int rows) {
    this.rows = rows;
    partitionStart = new int[rows];
    partitionEnd = new int[rows];
    peerStart = new int[rows];
    peerEnd = new int[rows];
  }

  /** Marks where a new partition begins: {@code starts[i]} is true when row i differs from row i - 1. */
  static boolean[] boundaries(Batch batch, RowSchema schema, int[] keys, int rows) {
    boolean[] starts = new boolean[rows];
    if (rows > 0) {
      starts[0] = true;
    }
    if (keys.length == 0 || rows < 2) {
      return starts;
    }
    RowComparator comparator = comparator(batch, schema, keys, rows);
    for (int i = 1; i < rows; i++) {
      starts[i] = comparator.compare(i - 1, i) != 0;
    }
    return starts;
  }

  static RowLayout of(Batch batch, RowSchema schema, int[] partitionKeys, int[] orderKeys, int rows) {
    RowLayout layout = new RowLayout(rows);
    boolean[] partitionStarts = boundaries(batch, schema, partitionKeys, rows);
    boolean[] peerStarts = boundaries(batch, schema, orderKeys, rows);
    int p = 0;
    int q = 0;
    for (int i = 0; i < rows; i++) {
      if (partitionStarts[i]) {
        p = i;
        q = i;
      } else if (peerStarts[i]) {
        q = i;
      }
      layout.partitionStart[i] = p;
      layout.peerStart[i] = q;
    }
    int pe = rows;
    int qe = rows;
    for (int i = rows - 1; i >= 0; i--) {
      layout.partitionEnd[i] = pe;
      layout.peerEnd[i] = qe;
      if (layout.partitionStart[i] == i) {
        pe = i;
        qe = i;
      } else if (layout.peerStart[i] == i) {
        qe = i;
      }
    }
    return layout;
  }

  private static RowComparator comparator(Batch batch, RowSchema schema, int[] keys, int rows) {
    FieldVector[] columns = new FieldVector[keys.length];
    DataType[] types = new DataType[keys.length];
    SortKey[] sortKeys = new SortKey[keys.length];
    for (int k = 0; k < keys.length; k++) {
      columns[k] = batch.column(keys[k]);
      types[k] = schema.type(keys[k]);
      sortKeys[k] = new SortKey(k, false, false);
    }
    return new RowComparator(columns, types, sortKeys, rows);
  }
}
