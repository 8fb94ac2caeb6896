package dev.ballista.engine.exec.op;

import dev.ballista.engine.exec.Batch;
import dev.ballista.engine.exec.TaskContext;
import dev.ballista.engine.exec.kernel.Gather;
import dev.ballista.engine.expr.CaseExpr;
import dev.ballista.engine.expr.ColumnExpr;
import dev.ballista.engine.expr.ConcatExpr;
import dev.ballista.engine.expr.InListExpr;
import dev.ballista.engine.expr.LikeExpr;
import dev.ballista.engine.expr.LiteralExpr;
import dev.ballista.engine.expr.LogicalExpr;
import dev.ballista.engine.expr.PhysicalExpr;
import dev.ballista.engine.expr.PositionExpr;
import dev.ballista.engine.expr.ReplaceExpr;
import dev.ballista.engine.expr.StringFunctionExpr;
import dev.ballista.engine.expr.SubstringExpr;
import dev.ballista.engine.expr.Vectors;
import dev.ballista.engine.types.DataType;
import dev.ballista.engine.types.RowSchema;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.FieldVector;

/**
 * A filter predicate split into its top-level AND conjuncts, cheapest first, each evaluated only on the rows the
 * ones before it kept. A filter keeps a row only when every conjunct is TRUE (FALSE and NULL both drop it), and SQL
 * fixes no evaluation order, so the result is the same as evaluating the whole AND; an expression that could fail
 * (a division) now sees fewer rows, never more.
 *
 * <p>After a conjunct, the next one runs on a compacted batch holding only the surviving rows of the columns it
 * reads; the other column slots are null (expressions read columns by index, through {@link ColumnExpr}, and only
 * those they name). When gathering would cost more than it saves (many rows survive, or the conjunct is a cheap
 * comparison), the next conjunct runs on the whole batch and its mask only narrows the selection
 * ({@link #evaluateOnSurvivors}).
 */
final class ConjunctFilter {
  /** Gathering one row of a fixed-width column, in {@link #cost} units; a text column costs twice as much. */
  static final int GATHER_COST = 2;

  private final PhysicalExpr[] conjuncts;
  /** For each conjunct, the input columns it reads (ascending). */
  private final int[][] columnsRead;
  /** For each conjunct, {@link #cost}. */
  private final int[] costs;
  /** For each conjunct, the cost of gathering one row of the columns it reads. */
  private final int[] gatherCosts;
  private final RowSchema input;

  ConjunctFilter(PhysicalExpr predicate, RowSchema input) {
    this.input = input;
    List<PhysicalExpr> split = new ArrayList<>();
    flattenAnd(predicate, split);
    // List.sort is stable: conjuncts of equal cost keep the order the query wrote them in.
    split.sort(Comparator.comparingInt(ConjunctFilter::cost));
    this.conjuncts = split.toArray(new PhysicalExpr[0]);
    this.columnsRead = new int[conjuncts.length][];
    this.costs = new int[conjuncts.length];
    this.gatherCosts = new int[conjuncts.length];
    for (int k = 0; k < conjuncts.length; k++) {
      BitSet read = new BitSet();
      columnsRead(conjuncts[k], read);
      columnsRead[k] = read.stream().toArray();
      costs[k] = cost(conjuncts[k]);
      for (int c : columnsRead[k]) {
        gatherCosts[k] += input.type(c).storage() == DataType.Storage.UTF8 ? 2 * GATHER_COST : GATHER_COST;
      }
    }
  }

  /**
   * Whether conjunct k, with n of the batch's rows still selected, is cheaper on those rows gathered (gathering
   * its columns, then evaluating on n rows) than on the whole batch (evaluating on every row, then testing the n
   * selected ones in its mask, about one unit each). Cheap fixed-width conjuncts stay on the whole batch unless
   * few rows survive; text conjuncts are worth gathering for unless nearly all do.
   */
  boolean evaluateOnSurvivors(int k, int n, int rowCount) {
    long onSurvivors = (long) n * (gatherCosts[k] + costs[k]);
    long onWholeBatch = (long) rowCount * costs[k] + n;
    return onSurvivors < onWholeBatch;
  }

  /** The conjuncts in evaluation order. */
  List<PhysicalExpr> conjuncts() {
    return List.of(conjuncts);
  }

  private static void flattenAnd(PhysicalExpr e, List<PhysicalExpr> out) {
    if (e instanceof LogicalExpr logical && logical.isAnd()) {
      for (PhysicalExpr operand : logical.operands()) {
        flattenAnd(operand, out);
      }
    } else {
      out.add(e);
    }
  }

  private static void columnsRead(PhysicalExpr e, BitSet out) {
    if (e instanceof ColumnExpr column) {
      out.set(column.index());
    }
    for (PhysicalExpr child : e.children()) {
      columnsRead(child, out);
    }
  }

  /**
   * Estimated cost per row, in units of one comparison of fixed-width values, summed over the expression tree:
   * column references and literals 0; LIKE and functions that scan or build text 16; CASE 8; an IN list one unit
   * per two values (at least one); any other node 1. A node with a VARCHAR operand costs 4 times as much (it
   * reads offsets and compares bytes). So range checks on numbers and dates come first, text equality and IN after
   * them, LIKE and string functions last.
   */
  static int cost(PhysicalExpr e) {
    int own;
    if (e instanceof ColumnExpr || e instanceof LiteralExpr) {
      own = 0;
    } else if (e instanceof LikeExpr || e instanceof SubstringExpr || e instanceof StringFunctionExpr
        || e instanceof ReplaceExpr || e instanceof ConcatExpr || e instanceof PositionExpr) {
      own = 16;
    } else if (e instanceof CaseExpr) {
      own = 8;
    } else if (e instanceof InListExpr in) {
      own = Math.max(1, in.values().size() / 2);
    } else {
      own = 1;
    }
    int total = own;
    boolean readsText = false;
    for (PhysicalExpr child : e.children()) {
      readsText |= child.type().storage() == DataType.Storage.UTF8;
      total += cost(child);
    }
    return readsText ? total + 3 * own : total;
  }

  /** Per-stream state: the selection, a bitmap and scratch buffers, reused across batches. */
  Selector selector() {
    return new Selector();
  }

  final class Selector {
    private int[] rows = new int[0];
    private int[] scratch = new int[0];
    /** While conjuncts run on the whole batch: the rows where all of them so far are TRUE, 64 a word. */
    private long[] bits = new long[0];
    private long[] scratchBits = new long[0];

    /** The selected row indices, ascending, in the first {@link #select}{@code ()} entries. */
    int[] rows() {
      return rows;
    }

    /**
     * Selects the rows of {@code batch} where every conjunct is TRUE; returns how many. Conjuncts evaluated on the
     * whole batch AND their masks into a bitmap; the selection (row indices) is built from it only when a conjunct
     * is to run on the survivors gathered, or at the end.
     */
    int select(Batch batch, TaskContext context) {
      int rowCount = batch.rowCount();
      if (rows.length < rowCount) {
        rows = new int[rowCount];
        scratch = new int[rowCount];
        bits = new long[words(rowCount)];
        scratchBits = new long[words(rowCount)];
      }
      int n;
      try (FieldVector mask = conjuncts[0].evaluate(batch, context)) {
        n = loadTrue(mask, rowCount, bits, false);
      }
      boolean listed = false; // whether rows[] (not bits) holds the selection
      for (int k = 1; k < conjuncts.length && n > 0; k++) {
        if (evaluateOnSurvivors(k, n, rowCount)) {
          if (!listed) {
            list(bits, rowCount, rows);
            listed = true;
          }
          n = selectFromSurvivors(k, batch, n, context);
        } else {
          try (FieldVector mask = conjuncts[k].evaluate(batch, context)) {
            n = listed ? narrow(mask, rows, n) : loadTrue(mask, rowCount, bits, true);
          }
        }
      }
      if (!listed && n > 0) {
        list(bits, rowCount, rows);
      }
      return n;
    }

    /** Evaluates conjunct k on the n selected rows only, gathered, and keeps those where it is TRUE. */
    private int selectFromSurvivors(int k, Batch batch, int n, TaskContext context) {
      FieldVector[] columns = new FieldVector[batch.columnCount()];
      try (Batch survivors = new Batch(columns, n)) {
        for (int c : columnsRead[k]) {
          columns[c] = Gather.take(batch.column(c), input.type(c), rows, n, context.allocator());
        }
        int kept;
        try (FieldVector mask = conjuncts[k].evaluate(survivors, context)) {
          kept = loadTrue(mask, n, scratchBits, false);
        }
        list(scratchBits, n, scratch);
        // scratch[j] >= j, so writing rows[j] never overwrites an entry still to be read.
        for (int j = 0; j < kept; j++) {
          rows[j] = rows[scratch[j]];
        }
        return kept;
      }
    }
  }

  private static int words(int rows) {
    return (rows + 63) >>> 6;
  }

  /**
   * Sets {@code bits} to the rows where the mask is valid and true, or with {@code and} clears those where it is
   * not; returns how many bits are set.
   */
  static int loadTrue(FieldVector mask, int rows, long[] bits, boolean and) {
    ArrowBuf values = mask.getDataBuffer();
    ArrowBuf validity = Vectors.validityOrNull(mask);
    int words = words(rows);
    int count = 0;
    for (int w = 0; w < words; w++) {
      long word = word(values, w, rows);
      if (validity != null) {
        word &= word(validity, w, rows);
      }
      if (and) {
        word &= bits[w];
      }
      bits[w] = word;
      count += Long.bitCount(word);
    }
    return count;
  }

  /** Bits 64w .. 64w+63 of a bitmap of {@code rows} bits; those past the end are 0 (and never read). */
  private static long word(ArrowBuf bitmap, int w, int rows) {
    int remaining = rows - (w << 6);
    if (remaining >= 64) {
      return bitmap.getLong((long) w << 3);
    }
    long word = 0;
    for (int b = 0; b < (remaining + 7) >>> 3; b++) {
      word |= (bitmap.getByte(((long) w << 3) + b) & 0xffL) << (b << 3);
    }
    return word & ((1L << remaining) - 1);
  }

  /** Writes the indices of the set bits, ascending, to {@code selection}. */
  static void list(long[] bits, int rows, int[] selection) {
    int n = 0;
    int words = words(rows);
    for (int w = 0; w < words; w++) {
      long word = bits[w];
      int base = w << 6;
      while (word != 0) {
        selection[n++] = base + Long.numberOfTrailingZeros(word);
        word &= word - 1;
      }
    }
  }

  /** Keeps the first n entries of {@code selection} whose row is valid and true in the mask; returns how many. */
  static int narrow(FieldVector mask, int[] selection, int n) {
    ArrowBuf values = mask.getDataBuffer();
    ArrowBuf validity = Vectors.validityOrNull(mask);
    int kept = 0;
    for (int i = 0; i < n; i++) {
      int row = selection[i];
      int bit = values.getByte(row >> 3) >> (row & 7);
      if (validity != null) {
        bit &= validity.getByte(row >> 3) >> (row & 7);
      }
      selection[kept] = row;
      kept += bit & 1;
    }
    return kept;
  }
}
