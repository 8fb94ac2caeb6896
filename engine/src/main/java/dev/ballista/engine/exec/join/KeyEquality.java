package dev.ballista.engine.exec.join;

import dev.ballista.engine.types.DataType;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.FieldVector;

/** Equality of one key value in two vectors of the same type, on their raw buffers. */
final class KeyEquality {
  private KeyEquality() {}

  static boolean equal(FieldVector a, int i, FieldVector b, int j, DataType.Storage storage) {
    ArrowBuf x = a.getDataBuffer();
    ArrowBuf y = b.getDataBuffer();
    return switch (storage) {
      case INT64, FLOAT64 -> x.getLong((long) i << 3) == y.getLong((long) j << 3);
      case INT32, FLOAT32 -> x.getInt((long) i << 2) == y.getInt((long) j << 2);
      case INT16 -> x.getShort((long) i << 1) == y.getShort((long) j << 1);
      case INT8 -> x.getByte(i) == y.getByte(j);
      case BIT -> ((x.getByte(i >> 3) >> (i & 7)) & 1) == ((y.getByte(j >> 3) >> (j & 7)) & 1);
      case DECIMAL128 -> x.getLong((long) i << 4) == y.getLong((long) j << 4)
          && x.getLong(((long) i << 4) + 8) == y.getLong(((long) j << 4) + 8);
      case UTF8 -> utf8Equal(a, i, b, j);
    };
  }

  private static boolean utf8Equal(FieldVector a, int i, FieldVector b, int j) {
    ArrowBuf ao = a.getOffsetBuffer();
    ArrowBuf bo = b.getOffsetBuffer();
    int as = ao.getInt((long) i << 2);
    int len = ao.getInt((long) (i + 1) << 2) - as;
    int bs = bo.getInt((long) j << 2);
    if (bo.getInt((long) (j + 1) << 2) - bs != len) {
      return false;
    }
    ArrowBuf ad = a.getDataBuffer();
    ArrowBuf bd = b.getDataBuffer();
    int k = 0;
    for (; k + 8 <= len; k += 8) {
      if (ad.getLong(as + k) != bd.getLong(bs + k)) {
        return false;
      }
    }
    for (; k < len; k++) {
      if (ad.getByte(as + k) != bd.getByte(bs + k)) {
        return false;
      }
    }
    return true;
  }
}
