package dev.ballista.engine.exec.scan.parquet;

import dev.ballista.engine.exec.Batch;
import dev.ballista.engine.exec.kernel.Gather;
import dev.ballista.engine.exec.scan.ScanPredicate;
import dev.ballista.engine.exec.scan.ScanInPredicate;
import dev.ballista.engine.expr.ComparisonExpr;
import dev.ballista.engine.expr.Vectors;
import dev.ballista.engine.types.DataType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;

/**
 * Pushed comparisons and IN lists checked row by row while a batch is read. The columns they test are read first
 * (text without nulls only as references to its bytes, each dictionary entry tested once per chunk); when at most
 * half the rows pass, every column is copied for those rows only, so text that fails is never copied at all. Above
 * half the batch stays whole: the filter above drops the few failing rows for less than copying every column would
 * cost.
 */
final class RowFilters {
  private final ParquetColumn[] columns;
  /** Per projected column: its integer, date and decimal comparisons; null for none. */
  private final ScanPredicate[][] compare;
  /** Per projected column: the integers (in its lane, sorted) its value must be one of; null for none. */
  private final long[][] numbers;
  /** Per projected column: the texts (UTF-8) its value must be one of; null for none. */
  private final byte[][][] text;
  /** The projected columns with predicates, text first (the cheapest to test). */
  private final int[] order;
  private int[] selection = new int[0];
  private byte[] textScratch = new byte[0];

  private RowFilters(ParquetColumn[] columns, ScanPredicate[][] compare, long[][] numbers, byte[][][] text,
      int[] order) {
    this.columns = columns;
    this.compare = compare;
    this.numbers = numbers;
    this.text = text;
    this.order = order;
  }

  /**
   * The filters of the predicates on projected columns ({@code columns}); null when there are none. An IN list of
   * the wrong kind for its column (text for numbers or the reverse) is left to the filter above.
   */
  static RowFilters of(ParquetColumn[] columns, List<ScanPredicate> predicates, String[] predicateColumns,
      List<ScanInPredicate> inPredicates, String[] inColumns) {
    ScanPredicate[][] compare = new ScanPredicate[columns.length][];
    for (int p = 0; p < predicates.size(); p++) {
      int i = indexOf(columns, predicateColumns[p]);
      if (i >= 0 && integerLane(columns[i].type())) {
        ScanPredicate[] old = compare[i] == null ? new ScanPredicate[0] : compare[i];
        compare[i] = java.util.Arrays.copyOf(old, old.length + 1);
        compare[i][old.length] = predicates.get(p);
      }
    }
    // Several lists on one column: a value must be in each.
    Map<Integer, Set<Object>> allowed = new LinkedHashMap<>();
    for (int p = 0; p < inPredicates.size(); p++) {
      int i = indexOf(columns, inColumns[p]);
      if (i < 0) {
        continue;
      }
      ScanInPredicate in = inPredicates.get(p);
      boolean textColumn = columns[i].type().storage() == DataType.Storage.UTF8;
      if (textColumn ? in.text() : !in.text() && integerLane(columns[i].type())) {
        allowed.merge(i, new LinkedHashSet<>(in.values()), (a, b) -> {
          a.retainAll(b);
          return a;
        });
      }
    }
    byte[][][] text = new byte[columns.length][][];
    long[][] numbers = new long[columns.length][];
    List<Integer> order = new ArrayList<>();
    allowed.forEach((i, values) -> {
      if (columns[i].type().storage() == DataType.Storage.UTF8) {
        text[i] = values.stream().map(v -> ((String) v).getBytes(StandardCharsets.UTF_8)).toArray(byte[][]::new);
        order.add(i);
      } else {
        numbers[i] = values.stream().mapToLong(v -> (Long) v).sorted().toArray();
      }
    });
    for (int i = 0; i < columns.length; i++) {
      if ((compare[i] != null || numbers[i] != null) && text[i] == null) {
        order.add(i);
      }
    }
    return order.isEmpty() ? null
        : new RowFilters(columns, compare, numbers, text, order.stream().mapToInt(Integer::intValue).toArray());
  }

  private static int indexOf(ParquetColumn[] columns, String name) {
    for (int i = 0; i < columns.length; i++) {
      if (columns[i].name().equals(name)) {
        return i;
      }
    }
    return -1;
  }

  /** The columns {@link ScanPredicate}s are made for: integers, dates and long decimals, compared in their lane. */
  private static boolean integerLane(DataType type) {
    return type.kind() == DataType.Kind.INTEGER || type.kind() == DataType.Kind.BIGINT
        || type.kind() == DataType.Kind.DATE || type.isLongDecimal();
  }

  /** The next {@code rows} rows of every column, without (most of) the rows that fail; null when none passes. */
  Batch read(ColumnChunkReader[] readers, int rows, BufferAllocator allocator) throws IOException {
    if (selection.length < rows) {
      selection = new int[rows];
    }
    int[] kept = selection;
    for (int r = 0; r < rows; r++) {
      kept[r] = r;
    }
    int count = rows;
    FieldVector[] read = new FieldVector[columns.length];
    FieldVector[] out = new FieldVector[columns.length];
    try {
      for (int i : order) {
        if (byReference(readers, i)) {
          readers[i].readTextRefs(rows);
          count = readers[i].keepText(text[i], kept, count);
        } else {
          read[i] = readers[i].read(rows, allocator);
          count = keep(i, read[i], kept, count);
        }
      }
      boolean gather = count * 2 <= rows;
      for (int i = 0; i < columns.length; i++) {
        boolean reference = byReference(readers, i);
        if (count == 0) {
          if (read[i] == null && !reference) {
            readers[i].read(rows, allocator).close(); // past the rows, so the columns stay aligned
          }
        } else if (reference) {
          out[i] = readers[i].textRefsVector(gather ? kept : null, gather ? count : rows, allocator);
        } else {
          FieldVector all = read[i] != null ? read[i] : readers[i].read(rows, allocator);
          read[i] = null;
          if (gather) {
            try {
              out[i] = Gather.take(all, columns[i].type(), kept, count, allocator);
            } finally {
              all.close();
            }
          } else {
            out[i] = all;
          }
        }
      }
      close(read);
      return count == 0 ? null : new Batch(out, gather ? count : rows);
    } catch (IOException | RuntimeException e) {
      close(read);
      close(out);
      throw e;
    }
  }

  private boolean byReference(ColumnChunkReader[] readers, int column) {
    return text[column] != null && readers[column].readsTextRefs();
  }

  /** Keeps in {@code kept[0..count)} the rows whose value in {@code v} passes column {@code i}'s predicates. */
  private int keep(int i, FieldVector v, int[] kept, int count) {
    ArrowBuf validity = columns[i].optional() ? v.getValidityBuffer() : null;
    if (compare[i] != null) {
      boolean wide = columns[i].type().storage() == DataType.Storage.INT64;
      for (ScanPredicate p : compare[i]) {
        count = keepCompared(v.getDataBuffer(), wide, validity, p.op(), p.value(), kept, count);
      }
    }
    if (numbers[i] != null) {
      count = keepListed(v.getDataBuffer(), columns[i].type().storage() == DataType.Storage.INT64, validity,
          numbers[i], kept, count);
    }
    if (text[i] != null) {
      count = keepText(v, validity, text[i], kept, count);
    }
    return count;
  }

  private static int keepListed(ArrowBuf data, boolean wide, ArrowBuf validity, long[] sorted, int[] kept,
      int count) {
    int n = 0;
    for (int k = 0; k < count; k++) {
      int r = kept[k];
      long x = wide ? data.getLong((long) r << 3) : data.getInt((long) r << 2);
      if (java.util.Arrays.binarySearch(sorted, x) >= 0 && (validity == null || Vectors.isValid(validity, r))) {
        kept[n++] = r;
      }
    }
    return n;
  }

  private static int keepCompared(ArrowBuf data, boolean wide, ArrowBuf validity, ComparisonExpr.Op op, long c,
      int[] kept, int count) {
    int n = 0;
    for (int k = 0; k < count; k++) {
      int r = kept[k];
      long x = wide ? data.getLong((long) r << 3) : data.getInt((long) r << 2);
      boolean pass = switch (op) {
        case EQ -> x == c;
        case NE -> x != c;
        case LT -> x < c;
        case LE -> x <= c;
        case GT -> x > c;
        case GE -> x >= c;
      };
      if (pass && (validity == null || Vectors.isValid(validity, r))) {
        kept[n++] = r;
      }
    }
    return n;
  }

  /** Text with nulls, read into a vector: a null is in no list. */
  private int keepText(FieldVector v, ArrowBuf validity, byte[][] values, int[] kept, int count) {
    ArrowBuf offsets = v.getOffsetBuffer();
    ArrowBuf data = v.getDataBuffer();
    int n = 0;
    for (int k = 0; k < count; k++) {
      int r = kept[k];
      if (validity != null && !Vectors.isValid(validity, r)) {
        continue;
      }
      int start = offsets.getInt((long) r << 2);
      int length = offsets.getInt((long) (r + 1) << 2) - start;
      if (textScratch.length < length) {
        textScratch = new byte[Math.max(length, textScratch.length * 2)];
      }
      data.getBytes(start, textScratch, 0, length);
      if (ColumnChunkReader.oneOf(textScratch, 0, length, values)) {
        kept[n++] = r;
      }
    }
    return n;
  }

  private static void close(FieldVector[] vectors) {
    for (int i = 0; i < vectors.length; i++) {
      if (vectors[i] != null) {
        vectors[i].close();
        vectors[i] = null;
      }
    }
  }
}
