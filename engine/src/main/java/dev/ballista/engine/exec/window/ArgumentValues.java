package dev.ballista.engine.exec.window;

import dev.ballista.engine.types.DataType;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.FieldVector;

/**
 * A numeric argument column read once into primitive arrays, so the sliding loops add and remove plain longs
 * and doubles: {@code longs} for integers and DECIMAL(p<=18) (unscaled), {@code high}/{@code low} words for
 * wider decimals, {@code doubles} for REAL/DOUBLE. {@code valid} is null when the column has no NULLs.
 */
final class ArgumentValues {
  final DataType type;
  final boolean[] valid;
  long[] longs;
  long[] high;
  long[] low;
  double[] doubles;

  private ArgumentValues(DataType type, boolean[] valid) {
    this.type = type;
    this.valid = valid;
  }

  static ArgumentValues read(FieldVector v, DataType type, int rows) {
    boolean[] valid = null;
    if (v.getNullCount() > 0) {
      valid = new boolean[rows];
      for (int i = 0; i < rows; i++) {
        valid[i] = !v.isNull(i);
      }
    }
    ArgumentValues values = new ArgumentValues(type, valid);
    ArrowBuf data = v.getDataBuffer();
    switch (type.storage()) {
      case FLOAT32, FLOAT64 -> {
        double[] d = new double[rows];
        boolean single = type.storage() == DataType.Storage.FLOAT32;
        for (int i = 0; i < rows; i++) {
          d[i] = single ? data.getFloat((long) i << 2) : data.getDouble((long) i << 3);
        }
        values.doubles = d;
      }
      case DECIMAL128 -> {
        long[] hi = new long[rows];
        long[] lo = new long[rows];
        for (int i = 0; i < rows; i++) {
          lo[i] = data.getLong((long) i << 4);
          hi[i] = data.getLong(((long) i << 4) + 8);
        }
        values.high = hi;
        values.low = lo;
      }
      case INT8, INT16, INT32, INT64 -> {
        long[] l = new long[rows];
        for (int i = 0; i < rows; i++) {
          l[i] = switch (type.storage()) {
            case INT8 -> data.getByte(i);
            case INT16 -> data.getShort((long) i << 1);
            case INT32 -> data.getInt((long) i << 2);
            default -> data.getLong((long) i << 3);
          };
        }
        values.longs = l;
      }
      default -> throw new IllegalArgumentException("not a numeric argument: " + type);
    }
    return values;
  }

  boolean isValid(int i) {
    return valid == null || valid[i];
  }

  /** The value as a double (decimals scaled), for AVG and floating sums. */
  double doubleAt(int i, double scaleDivisor) {
    if (doubles != null) {
      return doubles[i];
    }
    if (longs != null) {
      return longs[i] / scaleDivisor;
    }
    return int128ToDouble(high[i], low[i]) / scaleDivisor;
  }

  static double int128ToDouble(long hi, long lo) {
    double unsignedLow = (lo >>> 1) * 2.0 + (lo & 1);
    return hi * 0x1p64 + unsignedLow;
  }
}
