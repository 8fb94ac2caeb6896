package dev.ballista.engine.exec.kernel;

import dev.ballista.engine.exec.Batch;
import dev.ballista.engine.exec.BatchStream;
import dev.ballista.engine.exec.TaskContext;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.BitVectorHelper;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.util.VectorBatchAppender;

/** Helpers over whole streams of batches. */
public final class Batches {
  private Batches() {}

  /** Reads a stream to the end and returns its rows as one batch (the input batches are released). */
  public static Batch concatenate(BatchStream in, TaskContext context) {
    List<Batch> batches = new ArrayList<>();
    try {
      Batch b;
      while ((b = in.next()) != null) {
        batches.add(b); // before the check, so a cancelled task still closes it below
        context.checkCancelled();
      }
      return concatenate(batches, context.allocator());
    } finally {
      for (Batch b : batches) {
        b.close();
      }
    }
  }

  /**
   * The rows of several batches with the same columns as one batch. The caller still owns the inputs and closes
   * them (a single input is shared, not copied).
   */
  public static Batch concatenate(List<Batch> batches, BufferAllocator allocator) {
    int rows = 0;
    for (Batch b : batches) {
      rows += b.rowCount();
    }
    int columns = batches.isEmpty() ? 0 : batches.get(0).columnCount();
    FieldVector[] out = new FieldVector[columns];
    if (batches.size() == 1) {
      for (int c = 0; c < columns; c++) {
        out[c] = dev.ballista.engine.expr.Vectors.share(batches.get(0).column(c), allocator);
      }
      return new Batch(out, rows);
    }
    for (int c = 0; c < columns; c++) {
      FieldVector[] sources = new FieldVector[batches.size()];
      for (int i = 0; i < sources.length; i++) {
        sources[i] = batches.get(i).column(c);
      }
      out[c] = concatenate(sources, rows, allocator);
    }
    return new Batch(out, rows);
  }

  /**
   * One vector holding all rows of the sources, allocated once at its final size: appending batch by batch doubles
   * the buffers each time, and fresh large buffers are zeroed page by page, which dominated big hash-join builds.
   */
  public static FieldVector concatenate(FieldVector[] sources, int rows, BufferAllocator allocator) {
    FieldVector target = sources[0].getField().createVector(allocator);
    if (target instanceof BaseFixedWidthVector fixed && !(target instanceof BitVector)) {
      fixed.allocateNew(rows);
      long width = fixed.getTypeWidth();
      int at = 0;
      for (FieldVector source : sources) {
        int n = source.getValueCount();
        target.getDataBuffer().setBytes(at * width, source.getDataBuffer(), 0, n * width);
        copyValidity(source, target, at, n);
        at += n;
      }
    } else if (target instanceof BaseVariableWidthVector variable) {
      long bytes = 0;
      for (FieldVector source : sources) {
        ArrowBuf offsets = source.getOffsetBuffer();
        int n = source.getValueCount();
        bytes += n == 0 ? 0 : offsets.getInt((long) n * 4) - offsets.getInt(0);
      }
      variable.allocateNew(Math.max(bytes, 1), rows);
      ArrowBuf dstOffsets = target.getOffsetBuffer();
      ArrowBuf dstData = target.getDataBuffer();
      int at = 0;
      int base = 0;
      dstOffsets.setInt(0, 0);
      for (FieldVector source : sources) {
        int n = source.getValueCount();
        if (n == 0) {
          continue;
        }
        ArrowBuf offsets = source.getOffsetBuffer();
        int first = offsets.getInt(0);
        int length = offsets.getInt((long) n * 4) - first;
        dstData.setBytes(base, source.getDataBuffer(), first, length);
        for (int i = 1; i <= n; i++) {
          dstOffsets.setInt((long) (at + i) * 4, offsets.getInt((long) i * 4) - first + base);
        }
        copyValidity(source, target, at, n);
        at += n;
        base += length;
      }
      variable.setLastSet(rows - 1); // else setValueCount "fills holes" over the offsets written above
    } else {
      target.allocateNew();
      VectorBatchAppender.batchAppend(target, sources);
      return target;
    }
    target.setValueCount(rows);
    return target;
  }

  /** Copies n validity bits of the source to the target starting at row {@code at} (target bits start cleared). */
  private static void copyValidity(FieldVector source, FieldVector target, int at, int n) {
    ArrowBuf to = target.getValidityBuffer();
    if (source.getNullCount() == 0) {
      setBits(to, at, n);
      return;
    }
    ArrowBuf from = source.getValidityBuffer();
    if ((at & 7) == 0) {
      int whole = n >>> 3;
      to.setBytes(at >>> 3, from, 0, whole);
      for (int i = whole << 3; i < n; i++) {
        if (BitVectorHelper.get(from, i) != 0) {
          BitVectorHelper.setBit(to, at + i);
        }
      }
      return;
    }
    for (int i = 0; i < n; i++) {
      if (BitVectorHelper.get(from, i) != 0) {
        BitVectorHelper.setBit(to, at + i);
      }
    }
  }

  private static void setBits(ArrowBuf to, int at, int n) {
    int i = 0;
    while (i < n && ((at + i) & 7) != 0) {
      BitVectorHelper.setBit(to, at + i++);
    }
    int whole = (n - i) >>> 3;
    if (whole > 0) {
      to.setOne((at + i) >>> 3, whole);
      i += whole << 3;
    }
    while (i < n) {
      BitVectorHelper.setBit(to, at + i++);
    }
  }
}
