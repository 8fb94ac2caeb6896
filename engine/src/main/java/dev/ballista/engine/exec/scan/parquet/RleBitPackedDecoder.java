package dev.ballista.engine.exec.scan.parquet;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Parquet's RLE/bit-packed hybrid encoding of small unsigned integers: dictionary indices and definition levels.
 * The input is a run of headers, each followed by either one repeated value (an RLE run) or groups of eight values
 * packed {@code bitWidth} bits each, least significant bit first (a bit-packed run).
 */
final class RleBitPackedDecoder {
  private static final VarHandle LONG_LE =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private byte[] data;
  private int pos;
  private int end;
  private int bitWidth;
  private int valueBytes;
  private long mask;
  /** Values left in the current RLE run. */
  private int repeatLeft;
  private int repeatValue;
  /** Values left in the current bit-packed run, counting those already unpacked into {@link #group}. */
  private int packedLeft;
  private final int[] group = new int[8];
  private int groupIndex = 8;

  void reset(byte[] data, int pos, int end, int bitWidth) {
    if (bitWidth < 0 || bitWidth > 32) {
      throw new IllegalStateException("corrupt page: bit width " + bitWidth);
    }
    this.data = data;
    this.pos = pos;
    this.end = end;
    this.bitWidth = bitWidth;
    this.valueBytes = (bitWidth + 7) >>> 3;
    this.mask = bitWidth == 32 ? 0xffffffffL : (1L << bitWidth) - 1;
    this.repeatLeft = 0;
    this.packedLeft = 0;
    this.groupIndex = 8;
  }

  /** Decodes the next {@code n} values into {@code out[offset..offset+n)}. */
  void read(int[] out, int offset, int n) {
    while (n > 0) {
      if (repeatLeft == 0 && packedLeft == 0) {
        readHeader();
      }
      if (repeatLeft > 0) {
        int k = Math.min(n, repeatLeft);
        Arrays.fill(out, offset, offset + k, repeatValue);
        repeatLeft -= k;
        offset += k;
        n -= k;
        continue;
      }
      if (groupIndex == 8 && n >= 8 && packedLeft >= 8) {
        // Whole groups straight into the output.
        int groups = Math.min(n, packedLeft) >>> 3;
        for (int g = 0; g < groups; g++) {
          unpack8(out, offset);
          offset += 8;
        }
        n -= groups << 3;
        packedLeft -= groups << 3;
        continue;
      }
      if (groupIndex == 8) {
        unpack8(group, 0);
        groupIndex = 0;
      }
      int k = Math.min(n, Math.min(packedLeft, 8 - groupIndex));
      System.arraycopy(group, groupIndex, out, offset, k);
      groupIndex += k;
      packedLeft -= k;
      offset += k;
      n -= k;
      if (packedLeft == 0) {
        groupIndex = 8;
      }
    }
  }

  private void readHeader() {
    int header = readVarInt();
    if ((header & 1) == 1) {
      packedLeft = (header >>> 1) * 8;
      groupIndex = 8;
    } else {
      repeatLeft = header >>> 1;
      int v = 0;
      for (int b = 0; b < valueBytes; b++) {
        v |= (at(pos++) & 0xff) << (b << 3);
      }
      repeatValue = v;
    }
    if (packedLeft == 0 && repeatLeft == 0) {
      throw new IllegalStateException("corrupt page: empty run");
    }
  }

  /**
   * Unpacks one group of eight values (bitWidth bytes). Value j starts at bit j * bitWidth; one little-endian
   * 8-byte load covers it (at most 7 + 32 bits), except within the last 8 bytes of the array.
   */
  private void unpack8(int[] out, int offset) {
    if (pos + bitWidth > end) {
      throw new IllegalStateException("corrupt page: bit-packed run past the end of its data");
    }
    if (pos + bitWidth + 8 <= data.length) {
      int w = bitWidth;
      long m = mask;
      for (int j = 0; j < 8; j++) {
        int bit = j * w;
        long word = (long) LONG_LE.get(data, pos + (bit >>> 3));
        out[offset + j] = (int) ((word >>> (bit & 7)) & m);
      }
    } else {
      long buffer = 0;
      int bits = 0;
      int p = pos;
      for (int j = 0; j < 8; j++) {
        while (bits < bitWidth) {
          buffer |= (data[p++] & 0xffL) << bits;
          bits += 8;
        }
        out[offset + j] = (int) (buffer & mask);
        buffer >>>= bitWidth;
        bits -= bitWidth;
      }
    }
    pos += bitWidth;
  }

  private int readVarInt() {
    int value = 0;
    for (int shift = 0; shift < 35; shift += 7) {
      int b = at(pos++);
      value |= (b & 0x7f) << shift;
      if ((b & 0x80) == 0) {
        return value;
      }
    }
    throw new IllegalStateException("corrupt page: run header too long");
  }

  private byte at(int index) {
    if (index >= end) {
      throw new IllegalStateException("corrupt page: run past the end of its data");
    }
    return data[index];
  }
}
