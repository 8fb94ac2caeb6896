package dev.ballista.engine.exec.agg;

import dev.ballista.engine.exec.kernel.Hashing;
import dev.ballista.engine.expr.Vectors;
import dev.ballista.engine.types.DataType;
import java.util.Arrays;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;

/**
 * Maps grouping keys to dense group ids with open addressing and linear probing. Each slot holds two longs side by
 * side, so a probe reads one cache line: for one INT32/INT64 key column the key itself and its group (an
 * {@link ExactKeyTable}: equal keys are found exactly, no hashing pass and no verification), otherwise the row's full 64-bit hash and its group
 * (keys are then confirmed column by column for the whole batch).
 *
 * <p>Up to four text key columns whose values are short (TPC-H Q1's one-letter flags, Q12's ship modes) are packed
 * into one long per row, each column's bytes with its length, and found exactly in an {@link ExactKeyTable}. A row with a longer value takes the hashed path; whether a key fits depends on the key alone, so each key
 * lives in exactly one of the two tables.
 */
final class GroupByHash {
  private static final long EMPTY = -1;

  private final DataType[] types;
  private final KeyColumn[] keys;
  /** One integer key column, found exactly here; {@link #nullGroup} is the NULL key's group. Null otherwise. */
  private final ExactKeyTable integerKeys;
  /** Hashed keys: slots[2s] = the row hash, slots[2s + 1] = group, or EMPTY. */
  private long[] slots;
  private int mask;
  private int groups;
  private int hashedGroups;
  private int nullGroup = -1;
  private long[] rowHashes = new long[0];
  private boolean[] confirmed = new boolean[0];
  /** Bytes of each text column a packed key holds; 0 when keys are not packed. */
  private final int packedBytes;
  private final ExactKeyTable packedKeys;
  private long[] packed = new long[0];
  private boolean[] fits = new boolean[0];
  /** The exact key (integer or packed text) of the last row placed through an exact table, and its group. */
  private long runKey;
  private int runGroup = -1;

  GroupByHash(DataType[] types) {
    this.types = types;
    this.keys = new KeyColumn[types.length];
    for (int i = 0; i < types.length; i++) {
      keys[i] = KeyColumn.create(types[i]);
    }
    DataType.Storage storage = types[0].storage();
    boolean integerKey = types.length == 1
        && (storage == DataType.Storage.INT32 || storage == DataType.Storage.INT64);
    this.integerKeys = integerKey ? new ExactKeyTable(1024) : null;
    boolean allText = true;
    for (DataType t : types) {
      allText &= t.storage() == DataType.Storage.UTF8;
    }
    // Per column: 4 bits of length (15 for NULL) and the bytes, all within 64 bits.
    this.packedBytes = allText && types.length <= 4 ? (64 / types.length - 4) / 8 : 0;
    this.packedKeys = packedBytes > 0 ? new ExactKeyTable(256) : null;
    allocate(integerKey ? 16 : 1024);
  }

  private void allocate(int capacity) {
    slots = new long[capacity * 2];
    for (int s = 1; s < slots.length; s += 2) {
      slots[s] = EMPTY;
    }
    mask = capacity - 1;
  }

  int groupCount() {
    return groups;
  }

  /** Fills groupIds[i] with the group of row i, creating groups for new keys. */
  void assign(FieldVector[] keyVectors, int rows, int[] groupIds) {
    if (integerKeys != null) {
      assignIntegers(keyVectors[0], rows, groupIds);
    } else if (packedBytes > 0) {
      assignPacked(keyVectors, rows, groupIds);
    } else {
      assignByHash(keyVectors, rows, groupIds);
    }
  }

  /** Rows whose text keys all fit take their group from the packed table; the others are hashed. */
  private void assignPacked(FieldVector[] keyVectors, int rows, int[] groupIds) {
    if (packed.length < rows) {
      packed = new long[rows];
      fits = new boolean[rows];
    }
    Arrays.fill(packed, 0, rows, 0L);
    Arrays.fill(fits, 0, rows, true);
    for (FieldVector v : keyVectors) {
      pack(v, rows);
    }
    int unfit = 0;
    for (int i = 0; i < rows; i++) {
      if (!fits[i]) {
        unfit++;
        continue;
      }
      if (packed[i] != runKey || runGroup < 0) {
        runKey = packed[i];
        runGroup = exactGroup(packedKeys, packed[i], keyVectors, i);
      }
      groupIds[i] = runGroup;
    }
    if (unfit > 0) {
      if (rowHashes.length < rows) {
        rowHashes = new long[rows];
        confirmed = new boolean[rows];
      }
      Hashing.hashRows(keyVectors, types, rows, rowHashes);
      for (int i = 0; i < rows; i++) {
        if (!fits[i]) {
          groupIds[i] = assignOne(keyVectors, i, rowHashes[i]);
        }
      }
    }
  }

  /** Shifts each row's packed key left and adds this column's length and bytes; clears fits for longer values. */
  private void pack(FieldVector v, int rows) {
    ArrowBuf offsets = v.getOffsetBuffer();
    ArrowBuf data = v.getDataBuffer();
    ArrowBuf validity = Vectors.validityOrNull(v);
    int shift = packedBytes * 8 + 4;
    int end = offsets.getInt(0);
    for (int i = 0; i < rows; i++) {
      int start = end;
      end = offsets.getInt((long) (i + 1) << 2);
      long field;
      if (validity != null && ((validity.getByte(i >> 3) >> (i & 7)) & 1) == 0) {
        field = 15;
      } else {
        int len = end - start;
        if (len > packedBytes) {
          fits[i] = false;
          continue;
        }
        field = len;
        for (int k = 0; k < len; k++) {
          field |= (long) (data.getByte(start + k) & 0xff) << (4 + 8 * k);
        }
      }
      packed[i] = (packed[i] << shift) | field;
    }
  }


  private int slotOfHash(long h) {
    return (int) (h ^ (h >>> 32)) & mask;
  }

  private void assignIntegers(FieldVector v, int rows, int[] groupIds) {
    ArrowBuf data = v.getDataBuffer();
    boolean wide = types[0].storage() == DataType.Storage.INT64;
    boolean nulls = v.getNullCount() > 0;
    FieldVector[] keyVectors = {v};
    for (int i = 0; i < rows; i++) {
      if (nulls && v.isNull(i)) {
        if (nullGroup < 0) {
          nullGroup = newGroup(keyVectors, i);
        }
        groupIds[i] = nullGroup;
        continue;
      }
      long key = wide ? data.getLong((long) i << 3) : data.getInt((long) i << 2);
      // A run of equal keys (input sorted or clustered by the key, as lineitem by l_orderkey) probes once.
      if (key != runKey || runGroup < 0) {
        runKey = key;
        runGroup = exactGroup(integerKeys, key, keyVectors, i);
      }
      groupIds[i] = runGroup;
    }
  }

  /**
   * Rows first take the group with their full 64-bit hash, then each key column confirms a whole batch at once;
   * only rows whose keys differ despite equal hashes (collisions, practically never) are placed again one by one.
   */
  private void assignByHash(FieldVector[] keyVectors, int rows, int[] groupIds) {
    if (rowHashes.length < rows) {
      rowHashes = new long[rows];
      confirmed = new boolean[rows];
    }
    Hashing.hashRows(keyVectors, types, rows, rowHashes);
    for (int i = 0; i < rows; i++) {
      long h = rowHashes[i];
      int s = slotOfHash(h);
      while (true) {
        long g = slots[2 * s + 1];
        if (g == EMPTY) {
          int group = newGroup(keyVectors, i);
          slots[2 * s] = h;
          slots[2 * s + 1] = group;
          groupIds[i] = group;
          growIfFull();
          break;
        }
        if (slots[2 * s] == h) {
          groupIds[i] = (int) g;
          break;
        }
        s = (s + 1) & mask;
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
    int s = slotOfHash(h);
    while (true) {
      long g = slots[2 * s + 1];
      if (g == EMPTY) {
        int group = newGroup(keyVectors, row);
        slots[2 * s] = h;
        slots[2 * s + 1] = group;
        growIfFull();
        return group;
      }
      if (slots[2 * s] == h && matches((int) g, keyVectors, row)) {
        return (int) g;
      }
      s = (s + 1) & mask;
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

  /** The group of an exact key, new (its key columns taken from {@code row}) if the table lacks it. */
  private int exactGroup(ExactKeyTable table, long key, FieldVector[] keyVectors, int row) {
    int slot = table.slot(key);
    int group = table.group(slot);
    if (group < 0) {
      group = newGroup(keyVectors, row);
      table.put(slot, key, group);
    }
    return group;
  }

  private int newGroup(FieldVector[] keyVectors, int row) {
    for (int k = 0; k < keys.length; k++) {
      keys[k].append(keyVectors[k], row);
    }
    return groups++;
  }

  /** Counts a group placed in the hashed table, and doubles that table when half full, reinserting every hash. */
  private void growIfFull() {
    int capacity = mask + 1;
    if (++hashedGroups * 2 <= capacity) {
      return;
    }
    long[] old = slots;
    allocate(capacity * 2);
    for (int o = 0; o < old.length; o += 2) {
      if (old[o + 1] == EMPTY) {
        continue;
      }
      long hash = old[o];
      int s = slotOfHash(hash);
      while (slots[2 * s + 1] != EMPTY) {
        s = (s + 1) & mask;
      }
      slots[2 * s] = hash;
      slots[2 * s + 1] = old[o + 1];
    }
  }

  FieldVector buildKey(int key, int from, int count, BufferAllocator allocator) {
    return keys[key].build(from, count, allocator);
  }

  /** Bytes of heap the table holds, for memory accounting. */
  long estimatedBytes() {
    return (long) slots.length * 8 + (integerKeys == null ? 0 : integerKeys.bytes())
        + (packedKeys == null ? 0 : packedKeys.bytes())
        + (long) groups * 16L * Math.max(1, keys.length);
  }
}
