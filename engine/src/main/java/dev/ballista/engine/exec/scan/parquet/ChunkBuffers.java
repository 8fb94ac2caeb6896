package dev.ballista.engine.exec.scan.parquet;

import java.util.Arrays;

/**
 * The arrays column chunks are read into, one per projected column, shared by the files of one scan partition: it
 * reads them one after another, so each file reuses what the ones before it grew instead of allocating its own
 * (arrays of a few MB, each a humongous allocation that costs G1 an extra collection).
 */
public final class ChunkBuffers {
  private byte[][] buffers = new byte[0][];

  /** An array of at least {@code length} bytes for column {@code column}; its contents are left over. */
  byte[] get(int column, int length) {
    if (column >= buffers.length) {
      buffers = Arrays.copyOf(buffers, column + 1);
    }
    byte[] buffer = buffers[column];
    if (buffer == null || buffer.length < length) {
      // Room to spare: the chunks of one column differ a little in size from row group to row group.
      buffer = new byte[(int) Math.min(Integer.MAX_VALUE - 16, length + (long) (length >> 3))];
      buffers[column] = buffer;
    }
    return buffer;
  }
}
