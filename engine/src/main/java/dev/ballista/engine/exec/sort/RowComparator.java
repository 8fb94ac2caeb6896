package dev.ballista.engine.exec.sort;

import dev.ballista.engine.expr.Utf8;
import dev.ballista.engine.types.DataType;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarCharVector;

/**
 * Compares rows of one batch by its sort keys. Fixed-width keys are read once into primitive arrays, so the
 * sort's inner loop compares longs and doubles, not vectors. Window functions use it too, to find partition
 * and peer boundaries and to order values for MIN/MAX.
 */
public final class RowComparator {
  private final KeyComparator[] keys;

  public RowComparator(FieldVector[] columns, DataType[] types, SortKey[] sortKeys, int rows) {
    keys = new KeyComparator[sortKeys.length];
    for (int k = 0; k < sortKeys.length; k++) {
      SortKey key = sortKeys[k];
      keys[k] = KeyComparator.of(columns[key.column()], types[key.column()], key, rows);
    }
  }

  public int compare(int a, int b) {
    for (KeyComparator k : keys) {
      int c = k.compare(a, b);
      if (c != 0) {
        return c;
      }
    }
    return 0;
  }

  /** Compares row {@code a} of this comparator's batch with row {@code b} of another's, built on the same keys. */
  public int compareWith(RowComparator other, int a, int b) {
    for (int k = 0; k < keys.length; k++) {
      int c = keys[k].compareWith(other.keys[k], a, b);
      if (c != 0) {
        return c;
      }
    }
    return 0;
  }

  private abstract static class KeyComparator {
    final boolean[] nulls;
    final int direction;
    final int nullOrder;

    KeyComparator(FieldVector v, SortKey key, int rows) {
      nulls = new boolean[rows];
      boolean any = false;
      if (v.getNullCount() > 0) {
        for (int i = 0; i < rows; i++) {
          nulls[i] = v.isNull(i);
          any |= nulls[i];
        }
      }
      direction = key.descending() ? -1 : 1;
      nullOrder = key.nullsFirst() ? -1 : 1;
    }

    final int compare(int a, int b) {
      boolean na = nulls[a];
      boolean nb = nulls[b];
      if (na || nb) {
        return na == nb ? 0 : (na ? nullOrder : -nullOrder);
      }
      return direction * compareValues(a, b);
    }

    final int compareWith(KeyComparator other, int a, int b) {
      boolean na = nulls[a];
      boolean nb = other.nulls[b];
      if (na || nb) {
        return na == nb ? 0 : (na ? nullOrder : -nullOrder);
      }
      return direction * compareValuesWith(other, a, b);
    }

    abstract int compareValues(int a, int b);

    /** {@code other} is of the same class (built for the same key over another batch). */
    abstract int compareValuesWith(KeyComparator other, int a, int b);

    static KeyComparator of(FieldVector v, DataType type, SortKey key, int rows) {
      return switch (type.storage()) {
        case FLOAT32, FLOAT64 -> new DoubleKey(v, type, key, rows);
        case UTF8 -> new StringKey(v, key, rows);
        case DECIMAL128 -> new Int128Key(v, key, rows);
        default -> new LongKey(v, type, key, rows);
      };
    }
  }

  private static final class LongKey extends KeyComparator {
    private final long[] values;

    LongKey(FieldVector v, DataType type, SortKey key, int rows) {
      super(v, key, rows);
      values = new long[rows];
      ArrowBuf data = v.getDataBuffer();
      for (int i = 0; i < rows; i++) {
        values[i] = switch (type.storage()) {
          case BIT -> (data.getByte(i >> 3) >> (i & 7)) & 1;
          case INT8 -> data.getByte(i);
          case INT16 -> data.getShort((long) i << 1);
          case INT32 -> data.getInt((long) i << 2);
          default -> data.getLong((long) i << 3);
        };
      }
    }

    @Override
    int compareValues(int a, int b) {
      return Long.compare(values[a], values[b]);
    }

    @Override
    int compareValuesWith(KeyComparator other, int a, int b) {
      return Long.compare(values[a], ((LongKey) other).values[b]);
    }
  }

  private static final class DoubleKey extends KeyComparator {
    private final double[] values;

    DoubleKey(FieldVector v, DataType type, SortKey key, int rows) {
      super(v, key, rows);
      values = new double[rows];
      ArrowBuf data = v.getDataBuffer();
      boolean single = type.storage() == DataType.Storage.FLOAT32;
      for (int i = 0; i < rows; i++) {
        values[i] = single ? data.getFloat((long) i << 2) : data.getDouble((long) i << 3);
      }
    }

    @Override
    int compareValues(int a, int b) {
      return Double.compare(values[a], values[b]);
    }

    @Override
    int compareValuesWith(KeyComparator other, int a, int b) {
      return Double.compare(values[a], ((DoubleKey) other).values[b]);
    }
  }

  private static final class Int128Key extends KeyComparator {
    private final long[] words;

    Int128Key(FieldVector v, SortKey key, int rows) {
      super(v, key, rows);
      words = new long[rows * 2];
      ArrowBuf data = v.getDataBuffer();
      for (int i = 0; i < rows; i++) {
        words[2 * i] = data.getLong(((long) i << 4) + 8);
        words[2 * i + 1] = data.getLong((long) i << 4);
      }
    }

    @Override
    int compareValues(int a, int b) {
      return compare(words, a, words, b);
    }

    @Override
    int compareValuesWith(KeyComparator other, int a, int b) {
      return compare(words, a, ((Int128Key) other).words, b);
    }

    private static int compare(long[] x, int a, long[] y, int b) {
      int c = Long.compare(x[2 * a], y[2 * b]);
      return c != 0 ? c : Long.compareUnsigned(x[2 * a + 1], y[2 * b + 1]);
    }
  }

  private static final class StringKey extends KeyComparator {
    private final VarCharVector vector;

    StringKey(FieldVector v, SortKey key, int rows) {
      super(v, key, rows);
      vector = (VarCharVector) v;
    }

    @Override
    int compareValues(int a, int b) {
      return Utf8.compare(vector, a, vector, b);
    }

    @Override
    int compareValuesWith(KeyComparator other, int a, int b) {
      return Utf8.compare(vector, a, ((StringKey) other).vector, b);
    }
  }
}
