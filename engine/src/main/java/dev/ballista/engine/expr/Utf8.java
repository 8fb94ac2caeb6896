package dev.ballista.engine.expr;

import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.VarCharVector;

/** UTF-8 helpers on Arrow buffers, without decoding to String. */
public final class Utf8 {
  private Utf8() {}

  /** Unsigned byte order, which for UTF-8 is code point order. */
  public static int compare(VarCharVector a, int i, VarCharVector b, int j) {
    ArrowBuf ao = a.getOffsetBuffer();
    ArrowBuf bo = b.getOffsetBuffer();
    int aStart = ao.getInt((long) i << 2);
    int aLen = ao.getInt((long) (i + 1) << 2) - aStart;
    int bStart = bo.getInt((long) j << 2);
    int bLen = bo.getInt((long) (j + 1) << 2) - bStart;
    ArrowBuf ad = a.getDataBuffer();
    ArrowBuf bd = b.getDataBuffer();
    int n = Math.min(aLen, bLen);
    for (int k = 0; k < n; k++) {
      int x = ad.getByte(aStart + k) & 0xff;
      int y = bd.getByte(bStart + k) & 0xff;
      if (x != y) {
        return x - y;
      }
    }
    return aLen - bLen;
  }

  /** Unsigned byte order of {@code length} bytes at {@code start} against a constant. */
  public static int compare(ArrowBuf data, int start, int length, byte[] constant) {
    int n = Math.min(length, constant.length);
    for (int k = 0; k < n; k++) {
      int x = data.getByte(start + k) & 0xff;
      int y = constant[k] & 0xff;
      if (x != y) {
        return x - y;
      }
    }
    return length - constant.length;
  }

  /**
   * The first byte offset in [from, end) of data where the {@code needleLength} bytes of {@code needle} at
   * {@code needleStart} begin, or -1. Byte search is exact for UTF-8: no character's encoding starts inside another's.
   */
  public static int indexOf(ArrowBuf data, int from, int end, ArrowBuf needle, int needleStart, int needleLength) {
    if (needleLength == 0) {
      return from;
    }
    byte first = needle.getByte(needleStart);
    outer:
    for (int p = from; p <= end - needleLength; p++) {
      if (data.getByte(p) != first) {
        continue;
      }
      for (int k = 1; k < needleLength; k++) {
        if (data.getByte(p + k) != needle.getByte(needleStart + k)) {
          continue outer;
        }
      }
      return p;
    }
    return -1;
  }

  /** How many characters the UTF-8 bytes [from, end) hold (bytes that do not continue a character). */
  public static int charCount(ArrowBuf data, int from, int end) {
    int chars = 0;
    for (int p = from; p < end; p++) {
      if ((data.getByte(p) & 0xC0) != 0x80) {
        chars++;
      }
    }
    return chars;
  }

  static int start(VarCharVector v, int i) {
    return v.getOffsetBuffer().getInt((long) i << 2);
  }

  static int end(VarCharVector v, int i) {
    return v.getOffsetBuffer().getInt((long) (i + 1) << 2);
  }

  /** Whether the bytes of {@code data} from {@code start} begin with all of {@code c} (callers check lengths). */
  static boolean startsWith(ArrowBuf data, int start, byte[] c) {
    for (int k = 0; k < c.length; k++) {
      if (data.getByte(start + k) != c[k]) {
        return false;
      }
    }
    return true;
  }
}
