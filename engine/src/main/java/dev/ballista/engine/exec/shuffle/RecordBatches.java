package dev.ballista.engine.exec.shuffle;

import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.VectorUnloader;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;

/** Copies of record batches between allocators: one memcpy per buffer, no IPC encoding. */
public final class RecordBatches {
  private RecordBatches() {}

  /** A copy of the batch's vectors in {@code target}; the caller keeps the root and closes the copy. */
  public static ArrowRecordBatch copy(VectorSchemaRoot batch, BufferAllocator target) {
    try (ArrowRecordBatch source = new VectorUnloader(batch).getRecordBatch()) {
      return copy(source, target);
    }
  }

  /** A copy of {@code source} in {@code target}; the caller closes both. */
  public static ArrowRecordBatch copy(ArrowRecordBatch source, BufferAllocator target) {
    List<ArrowBuf> copies = new ArrayList<>(source.getBuffers().size());
    try {
      for (ArrowBuf buffer : source.getBuffers()) {
        long length = buffer.readableBytes();
        ArrowBuf copy = target.buffer(length);
        copy.setBytes(0, buffer, 0, length);
        copy.writerIndex(length);
        copies.add(copy);
      }
      return new ArrowRecordBatch(source.getLength(), source.getNodes(), copies);
    } finally {
      copies.forEach(ArrowBuf::close); // the record batch holds its own references
    }
  }

  /** Bytes of the buffers of a batch's vectors. */
  public static long bufferBytes(VectorSchemaRoot batch) {
    long bytes = 0;
    for (org.apache.arrow.vector.FieldVector v : batch.getFieldVectors()) {
      bytes += v.getBufferSize();
    }
    return bytes;
  }
}
