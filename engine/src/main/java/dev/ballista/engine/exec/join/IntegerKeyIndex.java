package dev.ballista.engine.exec.join;

import java.util.Arrays;

/**
 * The build side's index for a join on one integer key: open addressing over (key, first row) slots, with the
 * rows of each key chained in input order. A probe multiplies its key into a slot and compares keys in place, so
 * it needs no separate hash pass and touches one cache line for most lookups; chained buckets over full hashes
 * (the general table) cost two dependent misses per probe.
 */
final class IntegerKeyIndex {
  private final long[] slotKeys;
  private final int[] slotRows;
  private final int[] next;
  private final int mask;
  private final int shift;

  /** Indexes {@code keys[0..rows)}, leaving out rows where {@code skip} is set (NULL keys); skip may be null. */
  IntegerKeyIndex(long[] keys, boolean[] skip, int rows) {
    int bits = Math.max(1, 64 - Long.numberOfLeadingZeros(Math.max(1, rows * 2L - 1)));
    int size = 1 << bits;
    slotKeys = new long[size];
    slotRows = new int[size];
    Arrays.fill(slotRows, -1);
    mask = size - 1;
    shift = 64 - bits;
    next = new int[rows];
    // Insert in reverse so each key's chain lists its rows in input order.
    for (int r = rows - 1; r >= 0; r--) {
      next[r] = -1;
      if (skip != null && skip[r]) {
        continue;
      }
      long key = keys[r];
      int s = slot(key);
      while (true) {
        int head = slotRows[s];
        if (head < 0) {
          slotKeys[s] = key;
          slotRows[s] = r;
          break;
        }
        if (slotKeys[s] == key) {
          next[r] = head;
          slotRows[s] = r;
          break;
        }
        s = (s + 1) & mask;
      }
    }
  }

  private int slot(long key) {
    // Fibonacci hashing: the top bits of key * 2^64/phi spread sequential keys over the whole table.
    return (int) ((key * 0x9E3779B97F4A7C15L) >>> shift) & mask;
  }

  /** The first build row with this key, or -1. */
  int first(long key) {
    int s = slot(key);
    while (true) {
      int row = slotRows[s];
      if (row < 0 || slotKeys[s] == key) {
        return row;
      }
      s = (s + 1) & mask;
    }
  }

  /** The next build row with the same key as {@code row}, or -1. */
  int next(int row) {
    return next[row];
  }
}
