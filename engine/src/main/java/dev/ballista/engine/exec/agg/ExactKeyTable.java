package dev.ballista.engine.exec.agg;

/**
 * Open addressing with linear probing from exact 64-bit keys to group ids: an integer key itself, or short text
 * keys packed into one long. Each slot holds the key and its group side by side, so a probe reads one cache line;
 * Fibonacci hashing spreads sequential keys; the table doubles when half full.
 */
final class ExactKeyTable {
  private static final long EMPTY = -1;

  /** slots[2s] = key, slots[2s + 1] = group, or EMPTY. */
  private long[] slots;
  private int mask;
  private int shift;
  private int size;

  ExactKeyTable(int capacity) {
    allocate(capacity);
  }

  private void allocate(int capacity) {
    slots = new long[capacity * 2];
    for (int s = 1; s < slots.length; s += 2) {
      slots[s] = EMPTY;
    }
    mask = capacity - 1;
    shift = 64 - Integer.numberOfTrailingZeros(capacity);
  }

  /** The slot that holds {@code key}, or the empty slot where it would go. */
  int slot(long key) {
    int s = (int) ((key * 0x9E3779B97F4A7C15L) >>> shift);
    while (slots[2 * s + 1] != EMPTY && slots[2 * s] != key) {
      s = (s + 1) & mask;
    }
    return s;
  }

  /** The group in {@code slot}, or -1 when it is empty. */
  int group(int slot) {
    return (int) slots[2 * slot + 1];
  }

  /** Puts {@code key} with its group into the empty {@code slot} {@link #slot} found for it. */
  void put(int slot, long key, int group) {
    slots[2 * slot] = key;
    slots[2 * slot + 1] = group;
    if (++size * 2 > mask + 1) {
      long[] old = slots;
      allocate((mask + 1) * 2);
      for (int o = 0; o < old.length; o += 2) {
        if (old[o + 1] != EMPTY) {
          int s = slot(old[o]);
          slots[2 * s] = old[o];
          slots[2 * s + 1] = old[o + 1];
        }
      }
    }
  }

  long bytes() {
    return (long) slots.length * 8;
  }
}
