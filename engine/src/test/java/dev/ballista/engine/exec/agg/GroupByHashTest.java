package dev.ballista.engine.exec.agg;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ballista.engine.expr.ValueReader;
import dev.ballista.engine.expr.ValueWriter;
import dev.ballista.engine.expr.Vectors;
import dev.ballista.engine.types.DataType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.junit.jupiter.api.Test;

/**
 * Rows with equal keys get one group, rows with different keys different groups, across batches, table growth and
 * NULL keys; the groups' keys come back in group order. Covers the exact integer-key path (INT32 and INT64, with and
 * without NULLs), the hash-and-verify path (several columns, strings) and packed short text keys.
 */
class GroupByHashTest {
  @Test
  void singleBigintKeysWithAndWithoutNulls() {
    check(new DataType[] {DataType.BIGINT}, 30_000, 5000, 0, r -> new Object[] {(long) r.nextInt(7000) * 1_000_003L});
    check(new DataType[] {DataType.BIGINT}, 30_000, 5000, 25, r -> new Object[] {(long) r.nextInt(7000) - 3500});
  }

  @Test
  void singleIntegerAndDateKeys() {
    // INTEGER and DATE values travel as longs (their engine lane), stored as 32-bit ints.
    check(new DataType[] {DataType.INTEGER}, 20_000, 3000, 10, r -> new Object[] {(long) r.nextInt(100_000)});
    check(new DataType[] {DataType.INTEGER}, 20_000, 4096, 0, r -> new Object[] {(long) r.nextInt(5)});
    check(new DataType[] {DataType.DATE}, 20_000, 2500, 30, r -> new Object[] {(long) r.nextInt(2500) + 8000});
  }

  @Test
  void keysInRunsTakeThePreviousRowsGroup() {
    // Runs of one key (as lineitem by l_orderkey), NULLs inside runs, a key returning after other keys, key 0.
    int[] counter = {0};
    RowMaker runs = r -> {
      int row = counter[0]++;
      long key = row % 5000 < 2500 ? row / 4 : (row / 3) % 40;
      return new Object[] {key};
    };
    check(new DataType[] {DataType.BIGINT}, 30_000, 4096, 9, runs);
    counter[0] = 0;
    check(new DataType[] {DataType.INTEGER}, 30_000, 1000, 0, runs);
    // Packed short text keys in runs (as Q1's flags in a sorted file), and a NULL between runs.
    counter[0] = 0;
    check(new DataType[] {DataType.VARCHAR, DataType.VARCHAR}, 30_000, 2048, 11, r -> {
      int row = counter[0]++;
      return new Object[] {"" + (char) ('A' + (row / 700) % 3), "" + (row / 50) % 4};
    });
  }

  @Test
  void severalColumnsAndStrings() {
    check(new DataType[] {DataType.VARCHAR, DataType.BIGINT}, 20_000, 3333, 15,
        r -> new Object[] {"k" + r.nextInt(50), (long) r.nextInt(40)});
    check(new DataType[] {DataType.VARCHAR}, 10_000, 1000, 20, r -> new Object[] {"" + r.nextInt(3000)});
  }

  @Test
  void shortTextKeysArePackedAndLongerOnesHashedWithoutMixingGroups() {
    // One column packs up to 7 bytes: lengths 5 to 9 straddle the limit, the empty string is not NULL.
    check(new DataType[] {DataType.VARCHAR}, 20_000, 4096, 25,
        r -> new Object[] {r.nextInt(40) == 0 ? "" : "x".repeat(r.nextInt(5)) + r.nextInt(2000)});
    // Two columns pack up to 3 bytes each (TPC-H Q1's flags); some values are longer, many groups grow the table.
    check(new DataType[] {DataType.VARCHAR, DataType.VARCHAR}, 30_000, 3000, 30,
        r -> new Object[] {"" + (char) ('A' + r.nextInt(26)) + r.nextInt(r.nextInt(8) == 0 ? 100 : 10),
            "" + r.nextInt(r.nextInt(10) == 0 ? 5000 : 300)});
    // Four columns pack one byte each.
    check(new DataType[] {DataType.VARCHAR, DataType.VARCHAR, DataType.VARCHAR, DataType.VARCHAR}, 20_000, 2048, 40,
        r -> new Object[] {"" + r.nextInt(3), "" + r.nextInt(12), r.nextBoolean() ? "é" : "e", "" + r.nextInt(4)});
  }

  private interface RowMaker {
    Object[] make(Random random);
  }

  private static void check(DataType[] types, int rows, int batchRows, int nullEvery, RowMaker maker) {
    Random random = new Random(rows + types.length);
    List<List<Object>> data = new ArrayList<>();
    for (int i = 0; i < rows; i++) {
      Object[] row = maker.make(random);
      for (int c = 0; c < row.length; c++) {
        if (nullEvery > 0 && random.nextInt(nullEvery) == 0) {
          row[c] = null;
        }
      }
      data.add(Arrays.asList(row));
    }
    try (BufferAllocator allocator = new RootAllocator()) {
      GroupByHash hash = new GroupByHash(types);
      Map<List<Object>, Integer> expected = new HashMap<>();
      int[] groupIds = new int[batchRows];
      for (int from = 0; from < rows; from += batchRows) {
        int n = Math.min(batchRows, rows - from);
        FieldVector[] vectors = new FieldVector[types.length];
        for (int c = 0; c < types.length; c++) {
          vectors[c] = Vectors.allocate(types[c], n, allocator);
          ValueWriter writer = ValueWriter.of(vectors[c], types[c]);
          for (int i = 0; i < n; i++) {
            writer.set(i, data.get(from + i).get(c));
          }
          vectors[c].setValueCount(n);
        }
        hash.assign(vectors, n, groupIds);
        for (int i = 0; i < n; i++) {
          List<Object> key = data.get(from + i);
          Integer known = expected.putIfAbsent(key, groupIds[i]);
          if (known != null) {
            assertEquals(known.intValue(), groupIds[i], "row " + (from + i) + " key " + key);
          }
        }
        for (FieldVector v : vectors) {
          v.close();
        }
      }
      assertEquals(expected.size(), hash.groupCount(), "one group per distinct key");
      Map<Integer, List<Object>> byGroup = new HashMap<>();
      expected.forEach((k, g) -> byGroup.put(g, k));
      assertEquals(hash.groupCount(), byGroup.size(), "distinct keys have distinct groups");
      for (int c = 0; c < types.length; c++) {
        try (FieldVector built = hash.buildKey(c, 0, hash.groupCount(), allocator)) {
          ValueReader reader = ValueReader.of(built, types[c]);
          for (int g = 0; g < hash.groupCount(); g++) {
            assertEquals(byGroup.get(g).get(c), reader.get(g), "group " + g + " column " + c);
          }
        }
      }
    }
  }
}
