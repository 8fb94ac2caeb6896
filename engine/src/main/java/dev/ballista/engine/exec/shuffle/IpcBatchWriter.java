package dev.ballista.engine.exec.shuffle;

import dev.ballista.engine.exec.Batch;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import org.apache.arrow.compression.CommonsCompressionFactory;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.VectorUnloader;
import org.apache.arrow.vector.compression.CompressionCodec;
import org.apache.arrow.vector.compression.CompressionUtil;
import org.apache.arrow.vector.compression.NoCompressionCodec;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.apache.arrow.vector.ipc.WriteChannel;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.ipc.message.IpcOption;
import org.apache.arrow.vector.ipc.message.MessageSerializer;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Appends batches to an Arrow IPC stream file. Shuffle files are ZSTD-compressed at level 1 (zstd-jni is native
 * and fast; Arrow's LZ4 codec is pure Java and slower than the query itself); result files for clients are not
 * (the official Flight SQL JDBC driver cannot decompress). Written under a temporary name and renamed on
 * {@link #close()}, so a reader never sees a partial file; a {@link ResultListener} lets a client's stream
 * take batches from memory and then follow the temporary file batch by batch.
 */
public final class IpcBatchWriter implements AutoCloseable {
  private final Path path;
  private final Path temporary;
  private final Schema schema;
  private final FileChannel channel;
  private final WriteChannel out;
  private final CompressionCodec codec;
  private final ResultListener listener;
  private long rows;
  private long batches;
  private long heldBytes;
  private boolean toFile; // the listener refused a batch (or there is none): the rest goes to the file

  public IpcBatchWriter(Path path, Schema schema, boolean compress) throws IOException {
    this(path, schema, compress, null);
  }

  /** {@code listener} (may be null) follows the file as it grows. */
  public IpcBatchWriter(Path path, Schema schema, boolean compress, ResultListener listener) throws IOException {
    this.path = path;
    this.listener = listener;
    this.toFile = listener == null;
    // A unique temporary name: two attempts of one task may run at once on an executor (a new scheduler leader
    // reruns tasks the previous one launched), and each must rename a whole file of its own into place.
    this.temporary = path.resolveSibling(path.getFileName() + "." + java.util.UUID.randomUUID() + ".inprogress");
    this.schema = schema;
    Files.createDirectories(path.getParent());
    this.channel = FileChannel.open(temporary, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING);
    this.out = new WriteChannel(channel);
    this.codec = compress
        ? CommonsCompressionFactory.INSTANCE.createCodec(CompressionUtil.CodecType.ZSTD, 1)
        : NoCompressionCodec.INSTANCE;
    MessageSerializer.serialize(out, schema);
    if (listener != null) {
      listener.opened(temporary, schema, out.getCurrentPosition());
    }
  }

  /** Writes a batch (which the caller keeps and closes) whose vectors match the file's schema. */
  public void write(Batch batch) throws IOException {
    VectorSchemaRoot root = new VectorSchemaRoot(schema.getFields(), Arrays.asList(batch.columns()), batch.rowCount());
    write(root);
  }

  public void write(VectorSchemaRoot root) throws IOException {
    int rowCount = root.getRowCount();
    if (!toFile) {
      long size = RecordBatches.bufferBytes(root);
      if (listener.offer(root)) {
        rows += rowCount;
        batches++;
        heldBytes += size;
        return;
      }
      toFile = true;
    }
    VectorUnloader unloader = new VectorUnloader(root, true, codec, true);
    try (ArrowRecordBatch recordBatch = unloader.getRecordBatch()) {
      MessageSerializer.serialize(out, recordBatch);
    }
    rows += rowCount;
    batches++;
    if (listener != null) {
      listener.batchWritten(out.getCurrentPosition()); // WriteChannel does not buffer: the bytes are in the file
    }
  }

  public long rows() {
    return rows;
  }

  public long batches() {
    return batches;
  }

  /** Bytes of the batches the listener holds in memory rather than in the file. */
  public long heldBytes() {
    return heldBytes;
  }

  public Path path() {
    return path;
  }

  @Override
  public void close() throws IOException {
    ArrowStreamWriter.writeEndOfStream(out, IpcOption.DEFAULT);
    // No fsync: shuffle and result files live only as long as their job, and an executor that crashes loses them
    // anyway (its tasks rerun elsewhere). An fsync cost 1.7 ms median, 24 ms at p90, per file.
    channel.close();
    Files.move(temporary, path, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }

  /** Drops the partial file after a failure. */
  public void abort() {
    try {
      channel.close();
      Files.deleteIfExists(temporary);
    } catch (IOException ignored) {
      // best effort: the job directory is removed when the job ends
    }
  }

}
