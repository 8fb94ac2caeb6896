package dev.ballista.engine.exec.agg;

import dev.ballista.engine.types.DataType;
import java.util.Arrays;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarCharVector;

/** Text keys: all bytes in one growing array with offsets, compared byte by byte with the input buffer. */
final class StringKeyColumn implements KeyColumn {
  private byte[] bytes = new byte[1024];
  private int[] offsets = new int[65];
  private boolean[] nulls = new boolean[64];
  private int size;

  StringKeyColumn(DataType type) {}

  @Override
  public void append(FieldVector input, int row) {
    if (size + 1 == offsets.length) {
      offsets = Arrays.copyOf(offsets, offsets.length * 2);
    }
    if (size == nulls.length) {
      nulls = Arrays.copyOf(nulls, nulls.length * 2);
    }
    int start = offsets[size];
    if (input.isNull(row)) {
      nulls[size] = true;
      offsets[++size] = start;
      return;
    }
    ArrowBuf off = input.getOffsetBuffer();
    int from = off.getInt((long) row << 2);
    int len = off.getInt((long) (row + 1) << 2) - from;
    if (start + len > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, start + len));
    }
    input.getDataBuffer().getBytes(from, bytes, start, len);
    offsets[++size] = start + len;
  }

  @Override
  public boolean matches(int group, FieldVector input, int row) {
    if (input.isNull(row)) {
      return nulls[group];
    }
    if (nulls[group]) {
      return false;
    }
    ArrowBuf off = input.getOffsetBuffer();
    int from = off.getInt((long) row << 2);
    int len = off.getInt((long) (row + 1) << 2) - from;
    int start = offsets[group];
    if (offsets[group + 1] - start != len) {
      return false;
    }
    ArrowBuf data = input.getDataBuffer();
    for (int k = 0; k < len; k++) {
      if (bytes[start + k] != data.getByte(from + k)) {
        return false;
      }
    }
    return true;
  }

  @Override
  public void verify(int[] groups, FieldVector input, int rows, boolean[] ok) {
    if (input.getNullCount() > 0) {
      KeyColumn.super.verify(groups, input, rows, ok);
      return;
    }
    ArrowBuf off = input.getOffsetBuffer();
    ArrowBuf data = input.getDataBuffer();
    for (int i = 0; i < rows; i++) {
      int g = groups[i];
      int from = off.getInt((long) i << 2);
      int len = off.getInt((long) (i + 1) << 2) - from;
      int start = offsets[g];
      boolean same = !nulls[g] && offsets[g + 1] - start == len;
      for (int k = 0; same && k < len; k++) {
        same = bytes[start + k] == data.getByte(from + k);
      }
      ok[i] &= same;
    }
  }

  @Override
  public FieldVector build(int from, int count, BufferAllocator allocator) {
    VarCharVector out = new VarCharVector("", allocator);
    out.allocateNew(Math.max(1, offsets[from + count] - offsets[from]), Math.max(count, 1));
    for (int i = 0; i < count; i++) {
      int g = from + i;
      if (nulls[g]) {
        out.setNull(i);
      } else {
        out.setSafe(i, bytes, offsets[g], offsets[g + 1] - offsets[g]);
      }
    }
    out.setValueCount(count);
    return out;
  }
}
