package dev.ballista.engine.expr;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ballista.engine.exec.RowsPlan;
import dev.ballista.engine.exec.op.ProjectExec;
import dev.ballista.engine.types.Column;
import dev.ballista.engine.types.DataType;
import dev.ballista.engine.types.RowSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.Test;

/**
 * Column-to-column comparisons of one integer width agree with Long.compare row by row for every operator, with
 * many equal pairs and values at the edges of both ranges; bits past the rows stay 0; a NULL on either side gives
 * NULL.
 */
class ColumnComparisonTest {
  @Test
  void kernelAgreesWithLongCompareForEveryOperatorAndWidth() {
    Random random = new Random(5);
    try (BufferAllocator allocator = new RootAllocator()) {
      for (int rows : new int[] {0, 1, 7, 8, 9, 100, 1029}) {
        try (ArrowBuf intsA = allocator.buffer(rows * 4L + 4); ArrowBuf intsB = allocator.buffer(rows * 4L + 4);
             ArrowBuf longsA = allocator.buffer(rows * 8L + 8); ArrowBuf longsB = allocator.buffer(rows * 8L + 8);
             ArrowBuf bits = allocator.buffer((rows + 7) / 8 + 1)) {
          long[] ia = new long[rows];
          long[] ib = new long[rows];
          long[] la = new long[rows];
          long[] lb = new long[rows];
          for (int i = 0; i < rows; i++) {
            ia[i] = edgeOrSmall(random, i, Integer.MIN_VALUE, Integer.MAX_VALUE);
            ib[i] = i % 4 == 0 ? ia[i] : edgeOrSmall(random, i + 1, Integer.MIN_VALUE, Integer.MAX_VALUE);
            la[i] = edgeOrSmall(random, i, Long.MIN_VALUE, Long.MAX_VALUE);
            lb[i] = i % 4 == 0 ? la[i] : edgeOrSmall(random, i + 2, Long.MIN_VALUE, Long.MAX_VALUE);
            intsA.setInt(i * 4L, (int) ia[i]);
            intsB.setInt(i * 4L, (int) ib[i]);
            longsA.setLong(i * 8L, la[i]);
            longsB.setLong(i * 8L, lb[i]);
          }
          for (ComparisonExpr.Op op : ComparisonExpr.Op.values()) {
            check(op, intsA, intsB, false, ia, ib, bits, rows);
            check(op, longsA, longsB, true, la, lb, bits, rows);
          }
        }
      }
    }
  }

  @Test
  void nullOnEitherSideGivesNull() {
    for (DataType type : new DataType[] {DataType.DATE, DataType.BIGINT}) {
      RowSchema schema = RowSchema.of(Column.of("a", type), Column.of("b", type));
      Random random = new Random(11);
      List<List<Object>> rows = new ArrayList<>();
      for (int i = 0; i < 2000; i++) {
        Long a = random.nextInt(8) == 0 ? null : (long) random.nextInt(30);
        Long b = random.nextInt(8) == 0 ? null : (long) random.nextInt(30);
        rows.add(java.util.Arrays.asList(a, b));
      }
      ColumnExpr a = new ColumnExpr(0, type);
      ColumnExpr b = new ColumnExpr(1, type);
      List<PhysicalExpr> exprs = new ArrayList<>();
      List<String> names = new ArrayList<>();
      for (ComparisonExpr.Op op : ComparisonExpr.Op.values()) {
        exprs.add(new ComparisonExpr(op, a, b));
        names.add(op.name());
      }
      List<List<Object>> out = RowsPlan.collect(new ProjectExec(new RowsPlan(schema, rows, 777), exprs, names), 1024);
      for (int r = 0; r < rows.size(); r++) {
        Long x = (Long) rows.get(r).get(0);
        Long y = (Long) rows.get(r).get(1);
        for (int o = 0; o < exprs.size(); o++) {
          Object expected = x == null || y == null ? null : ComparisonExpr.Op.values()[o].test(Long.compare(x, y));
          assertEquals(expected, out.get(r).get(o), type + " " + x + " " + names.get(o) + " " + y);
        }
      }
    }
  }

  private static long edgeOrSmall(Random random, int i, long min, long max) {
    return switch (i % 6) {
      case 0 -> min;
      case 1 -> max;
      case 2 -> random.nextLong(min, max);
      default -> random.nextInt(9) - 4;
    };
  }

  private static void check(ComparisonExpr.Op op, ArrowBuf a, ArrowBuf b, boolean wide, long[] x, long[] y,
      ArrowBuf bits, int rows) {
    bits.setOne(0, bits.capacity());
    ColumnComparison.compare(op, a, b, wide, bits, rows);
    for (int i = 0; i < rows; i++) {
      boolean expected = op.test(Long.compare(x[i], y[i]));
      boolean actual = ((bits.getByte(i >> 3) >> (i & 7)) & 1) != 0;
      assertEquals(expected, actual, (wide ? "long " : "int ") + x[i] + " " + op + " " + y[i] + " row " + i);
    }
    for (int i = rows; i < ((rows + 7) & ~7); i++) {
      assertEquals(0, (bits.getByte(i >> 3) >> (i & 7)) & 1, "bit past the rows " + i);
    }
  }
}
