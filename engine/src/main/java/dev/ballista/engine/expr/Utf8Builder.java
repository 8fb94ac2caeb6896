package dev.ballista.engine.expr;

import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BitVectorHelper;
import org.apache.arrow.vector.VarCharVector;

/**
 * Builds a VarCharVector row by row from byte ranges of other Arrow buffers, copying bytes buffer to buffer (no
 * per-row arrays or strings). Rows are written in order: append pieces, then {@link #endRow} or {@link #nullRow}.
 */
final class Utf8Builder {
  private final VarCharVector out;
  private long length;

  Utf8Builder(int rows, long bytesHint, BufferAllocator allocator) {
    out = new VarCharVector("", allocator);
    out.allocateNew(Math.max(1, bytesHint), Math.max(1, rows));
  }

  void append(ArrowBuf source, long start, int bytes) {
    ensure(length + bytes);
    out.getDataBuffer().setBytes(length, source, start, bytes);
    length += bytes;
  }

  void append(byte[] bytes) {
    ensure(length + bytes.length);
    out.getDataBuffer().setBytes(length, bytes);
    length += bytes.length;
  }

  void endRow(int row) {
    BitVectorHelper.setBit(out.getValidityBuffer(), row);
    out.getOffsetBuffer().setInt((long) (row + 1) << 2, (int) length);
  }

  void nullRow(int row) {
    out.getOffsetBuffer().setInt((long) (row + 1) << 2, (int) length);
  }

  VarCharVector finish(int rows) {
    out.setLastSet(rows - 1);
    out.setValueCount(rows);
    return out;
  }

  private void ensure(long bytes) {
    while (out.getDataBuffer().capacity() < bytes) {
      out.reallocDataBuffer();
    }
  }
}
