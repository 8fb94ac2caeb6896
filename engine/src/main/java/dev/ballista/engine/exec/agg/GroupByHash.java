package dev.ballista.engine.exec.agg;

import dev.ballista.engine.exec.kernel.Hashing;
import dev.ballista.engine.types.DataType;
import java.util.Arrays;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;

/**
 * Maps grouping keys to dense group ids. Open addressing with linear probing over an int array of group ids;
 * each group's full hash is kept so most mismatches are rejected without touching the keys.
 */
final class GroupByHash {
  private final DataType[] types;
  private final KeyColumn[] keys;
  private int[] table;
  private long[] groupHashes = new long[64];
  private int mask;
  private int groups;
  private long[] rowHashes = new long[0];
  private boolean[] confirmed = new boolean[0];

  GroupByHash(DataType[] types) {
    this.types = types;
    this.keys = new KeyColumn[types.length];
    for (int i = 0; i < types.length; i++) {
      keys[i] = KeyColumn.create(types[i]);
    }
    table = new int[1024];
    Arrays.fill(table, -1);
    mask = table.length - 1;
  }

  int groupCount() {
    return groups;
  }

  /**
   * Fills groupIds[i] with the group of row i, creating groups for new keys. Rows first take the group with their
   * full 64-bit hash, then each key column confirms a whole batch at once; only rows whose keys differ despite equal
   * hashes (collisions, practically never) are placed again one by one.
   */
  void assign(FieldVector[] keyVectors, int rows, int[] groupIds) {
    if (rowHashes.length < rows) {
      rowHashes = new long[rows];
      confirmed = new boolean[rows];
    }
    Hashing.hashRows(keyVectors, types, rows, rowHashes);
    for (int i = 0; i < rows; i++) {
      long h = rowHashes[i];
      int slot = (int) (h ^ (h >>> 32)) & mask;
      while (true) {
        int g = table[slot];
        if (g < 0) {
          g = newGroup(keyVectors, i, h);
          table[slot] = g;
          groupIds[i] = g;
          if (groups * 2 > table.length) {
            rehash();
          }
          break;
        }
        if (groupHashes[g] == h) {
          groupIds[i] = g;
          break;
        }
        slot = (slot + 1) & mask;
      }
    }
    Arrays.fill(confirmed, 0, rows, true);
    for (int k = 0; k < keys.length; k++) {
      keys[k].verify(groupIds, keyVectors[k], rows, confirmed);
    }
    for (int i = 0; i < rows; i++) {
      if (!confirmed[i]) {
        groupIds[i] = assignOne(keyVectors, i, rowHashes[i]);
      }
    }
  }

  /** Places one row by comparing its keys with every group of equal hash. */
  private int assignOne(FieldVector[] keyVectors, int row, long h) {
    int slot = (int) (h ^ (h >>> 32)) & mask;
    while (true) {
      int g = table[slot];
      if (g < 0) {
        g = newGroup(keyVectors, row, h);
        table[slot] = g;
        if (groups * 2 > table.length) {
          rehash();
        }
        return g;
      }
      if (groupHashes[g] == h && matches(g, keyVectors, row)) {
        return g;
      }
      slot = (slot + 1) & mask;
    }
  }

  private boolean matches(int group, FieldVector[] keyVectors, int row) {
    for (int k = 0; k < keys.length; k++) {
      if (!keys[k].matches(group, keyVectors[k], row)) {
        return false;
      }
    }
    return true;
  }

  private int newGroup(FieldVector[] keyVectors, int row, long hash) {
    int g = groups++;
    if (g == groupHashes.length) {
      groupHashes = Arrays.copyOf(groupHashes, g * 2);
    }
    groupHashes[g] = hash;
    for (int k = 0; k < keys.length; k++) {
      keys[k].append(keyVectors[k], row);
    }
    return g;
  }

  private void rehash() {
    int[] bigger = new int[table.length * 2];
    Arrays.fill(bigger, -1);
    int newMask = bigger.length - 1;
    for (int g = 0; g < groups; g++) {
      long h = groupHashes[g];
      int slot = (int) (h ^ (h >>> 32)) & newMask;
      while (bigger[slot] >= 0) {
        slot = (slot + 1) & newMask;
      }
      bigger[slot] = g;
    }
    table = bigger;
    mask = newMask;
  }

  FieldVector buildKey(int key, int from, int count, BufferAllocator allocator) {
    return keys[key].build(from, count, allocator);
  }

  /** Bytes of heap the table holds, for memory accounting. */
  long estimatedBytes() {
    return (long) table.length * 4 + (long) groupHashes.length * 8 + (long) groups * 16L * Math.max(1, keys.length);
  }
}
