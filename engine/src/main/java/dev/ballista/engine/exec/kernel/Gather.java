package dev.ballista.engine.exec.kernel;

import dev.ballista.engine.expr.Vectors;
import dev.ballista.engine.types.DataType;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BitVectorHelper;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarCharVector;

/**
 * Builds a new vector from chosen rows of another: {@code out[k] = in[indices[k]]}. Filters, shuffles, joins and
 * sorts all come down to this, so it works on the raw buffers, one tight loop per storage width. An index of -1
 * produces NULL (outer join rows without a match).
 */
public final class Gather {
  private Gather() {}

  public static FieldVector take(FieldVector in, DataType type, int[] indices, int count, BufferAllocator allocator) {
    if (type.storage() == DataType.Storage.UTF8) {
      return takeStrings((VarCharVector) in, indices, count, allocator);
    }
    FieldVector out = Vectors.allocate(type, count, allocator);
    ArrowBuf src = in.getDataBuffer();
    ArrowBuf dst = out.getDataBuffer();
    switch (type.storage()) {
      case BIT -> {
        for (int k = 0; k < count; k++) {
          int i = indices[k];
          if (i >= 0 && ((src.getByte(i >> 3) >> (i & 7)) & 1) != 0) {
            dst.setByte(k >> 3, dst.getByte(k >> 3) | (1 << (k & 7)));
          }
        }
      }
      case INT8 -> {
        for (int k = 0; k < count; k++) {
          dst.setByte(k, indices[k] < 0 ? 0 : src.getByte(indices[k]));
        }
      }
      case INT16 -> {
        for (int k = 0; k < count; k++) {
          dst.setShort((long) k << 1, indices[k] < 0 ? 0 : src.getShort((long) indices[k] << 1));
        }
      }
      case INT32, FLOAT32 -> {
        for (int k = 0; k < count; k++) {
          dst.setInt((long) k << 2, indices[k] < 0 ? 0 : src.getInt((long) indices[k] << 2));
        }
      }
      case INT64, FLOAT64 -> {
        for (int k = 0; k < count; k++) {
          dst.setLong((long) k << 3, indices[k] < 0 ? 0 : src.getLong((long) indices[k] << 3));
        }
      }
      case DECIMAL128 -> {
        for (int k = 0; k < count; k++) {
          int i = indices[k];
          if (i >= 0) {
            dst.setLong((long) k << 4, src.getLong((long) i << 4));
            dst.setLong(((long) k << 4) + 8, src.getLong(((long) i << 4) + 8));
          }
        }
      }
      default -> throw new IllegalStateException();
    }
    gatherValidity(in, out, indices, count);
    out.setValueCount(count);
    return out;
  }

  private static void gatherValidity(FieldVector in, FieldVector out, int[] indices, int count) {
    ArrowBuf dst = out.getValidityBuffer();
    ArrowBuf src = Vectors.validityOrNull(in);
    boolean anyMissing = false;
    if (src == null) {
      Vectors.setAllValid(out, count);
      for (int k = 0; k < count; k++) {
        if (indices[k] < 0) {
          anyMissing = true;
          break;
        }
      }
      if (!anyMissing) {
        return;
      }
      dst.setZero(0, BitVectorHelper.getValidityBufferSize(count));
    }
    for (int k = 0; k < count; k++) {
      int i = indices[k];
      if (i >= 0 && (src == null || ((src.getByte(i >> 3) >> (i & 7)) & 1) != 0)) {
        dst.setByte(k >> 3, dst.getByte(k >> 3) | (1 << (k & 7)));
      }
    }
  }

  private static FieldVector takeStrings(VarCharVector in, int[] indices, int count, BufferAllocator allocator) {
    ArrowBuf offsets = in.getOffsetBuffer();
    long bytes = 0;
    for (int k = 0; k < count; k++) {
      int i = indices[k];
      if (i >= 0) {
        bytes += offsets.getInt((long) (i + 1) << 2) - offsets.getInt((long) i << 2);
      }
    }
    VarCharVector out = new VarCharVector("", allocator);
    out.allocateNew(Math.max(bytes, 1), Math.max(count, 1));
    ArrowBuf srcData = in.getDataBuffer();
    ArrowBuf dstData = out.getDataBuffer();
    ArrowBuf dstOffsets = out.getOffsetBuffer();
    int position = 0;
    dstOffsets.setInt(0, 0);
    int k = 0;
    while (k < count) {
      int first = indices[k];
      if (first < 0) {
        dstOffsets.setInt((long) (k + 1) << 2, position);
        k++;
        continue;
      }
      // A run of consecutive source rows (filters and sorted inputs give long ones) is one copy of its bytes.
      int end = k + 1;
      while (end < count && indices[end] == indices[end - 1] + 1) {
        end++;
      }
      int start = offsets.getInt((long) first << 2);
      int stop = offsets.getInt((long) (indices[end - 1] + 1) << 2);
      dstData.setBytes(position, srcData, start, stop - start);
      int shift = position - start;
      for (int r = k; r < end; r++) {
        dstOffsets.setInt((long) (r + 1) << 2, offsets.getInt((long) (indices[r] + 1) << 2) + shift);
      }
      position += stop - start;
      k = end;
    }
    gatherValidity(in, out, indices, count);
    out.setLastSet(count - 1);
    out.setValueCount(count);
    return out;
  }
}
