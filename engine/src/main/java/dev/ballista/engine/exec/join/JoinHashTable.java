package dev.ballista.engine.exec.join;

import dev.ballista.engine.exec.Batch;
import dev.ballista.engine.exec.kernel.Hashing;
import dev.ballista.engine.types.DataType;
import java.util.Arrays;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.FieldVector;

/**
 * The build side of a hash join: all its rows in one batch, chained by hash in two int arrays (bucket heads and
 * per-row next), or for a single integer key an {@link IntegerKeyIndex}. Rows with a NULL key are never inserted:
 * NULL equals nothing in a join condition.
 */
final class JoinHashTable {
  final Batch rows;
  private final int[] keyColumns;
  private final DataType.Storage[] storages;
  /** For one integer key column (most joins); then the hash chains below are not built. */
  private final IntegerKeyIndex integerIndex;
  private final long[] hashes;
  private final int[] heads;
  private final int[] next;
  private final int mask;

  JoinHashTable(Batch rows, int[] keyColumns, DataType[] keyTypes) {
    this.rows = rows;
    this.keyColumns = keyColumns;
    this.storages = Arrays.stream(keyTypes).map(DataType::storage).toArray(DataType.Storage[]::new);
    int n = rows.rowCount();
    FieldVector[] keys = keyVectors(rows, keyColumns);
    boolean nulls = anyNulls(keys);
    long[] integerKeys = keyColumns.length == 1 ? integerKeys(keys[0], storages[0], n) : null;
    if (integerKeys != null) {
      boolean[] skip = null;
      if (nulls) {
        skip = new boolean[n];
        for (int r = 0; r < n; r++) {
          skip[r] = keys[0].isNull(r);
        }
      }
      this.integerIndex = new IntegerKeyIndex(integerKeys, skip, n);
      this.hashes = null;
      this.heads = null;
      this.next = null;
      this.mask = 0;
      return;
    }
    this.integerIndex = null;
    this.hashes = new long[n];
    Hashing.hashRows(keys, keyTypes, n, hashes);
    int size = Integer.highestOneBit(Math.max(2, n) * 2 - 1) << 1;
    this.heads = new int[size];
    Arrays.fill(heads, -1);
    this.mask = size - 1;
    this.next = new int[n];
    // Insert in reverse so that chains list rows in input order.
    for (int r = n - 1; r >= 0; r--) {
      if (nulls && hasNullKey(keys, r)) {
        next[r] = -1;
        continue;
      }
      int slot = slot(hashes[r]);
      next[r] = heads[slot];
      heads[slot] = r;
    }
  }

  /** The values of an integer key column widened to longs, or null for other storages. */
  static long[] integerKeys(FieldVector v, DataType.Storage storage, int rows) {
    ArrowBuf data = v.getDataBuffer();
    long[] out = new long[rows];
    switch (storage) {
      case INT64 -> {
        for (int i = 0; i < rows; i++) {
          out[i] = data.getLong((long) i << 3);
        }
      }
      case INT32 -> {
        for (int i = 0; i < rows; i++) {
          out[i] = data.getInt((long) i << 2);
        }
      }
      default -> {
        return null;
      }
    }
    return out;
  }

  /** The index when the table has a single integer key (probe with it, not with hashes), else null. */
  IntegerKeyIndex integerIndex() {
    return integerIndex;
  }

  DataType.Storage keyStorage(int k) {
    return storages[k];
  }

  static FieldVector[] keyVectors(Batch batch, int[] keyColumns) {
    FieldVector[] keys = new FieldVector[keyColumns.length];
    for (int k = 0; k < keys.length; k++) {
      keys[k] = batch.column(keyColumns[k]);
    }
    return keys;
  }

  static boolean anyNulls(FieldVector[] keys) {
    for (FieldVector k : keys) {
      if (k.getNullCount() > 0) {
        return true;
      }
    }
    return false;
  }

  static boolean hasNullKey(FieldVector[] keys, int row) {
    for (FieldVector k : keys) {
      if (k.isNull(row)) {
        return true;
      }
    }
    return false;
  }

  private int slot(long hash) {
    return (int) (hash ^ (hash >>> 32)) & mask;
  }

  /** The first build row whose hash lands where {@code hash} does, or -1. */
  int first(long hash) {
    return heads[slot(hash)];
  }

  int next(int row) {
    return next[row];
  }

  /** Whether build row {@code row} has the same hash and keys as probe row {@code i}. */
  boolean matches(long hash, FieldVector[] probeKeys, int i, int row) {
    if (hashes[row] != hash) {
      return false;
    }
    for (int k = 0; k < probeKeys.length; k++) {
      if (!KeyEquality.equal(probeKeys[k], i, rows.column(keyColumns[k]), row, storages[k])) {
        return false;
      }
    }
    return true;
  }

  int size() {
    return rows.rowCount();
  }
}
