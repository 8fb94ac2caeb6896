package dev.ballista.tpch;

import java.nio.file.Path;
import java.util.function.Consumer;
import org.apache.arrow.dataset.file.FileFormat;
import org.apache.arrow.dataset.file.FileSystemDatasetFactory;
import org.apache.arrow.dataset.jni.NativeMemoryPool;
import org.apache.arrow.dataset.scanner.ScanOptions;
import org.apache.arrow.dataset.scanner.Scanner;
import org.apache.arrow.dataset.source.Dataset;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.Schema;

/** Reads a table directory back with Arrow Dataset, the way the engine will. */
final class ParquetTableScan {
  private ParquetTableScan() {}

  static Schema schema(Path tableDir) throws Exception {
    try (BufferAllocator allocator = new RootAllocator();
         FileSystemDatasetFactory factory = factory(allocator, tableDir)) {
      return factory.inspect();
    }
  }

  /** Hands every batch of every file to {@code consumer}; the batch is only valid during the call. */
  @SuppressWarnings("try") // Arrow's Dataset and Scanner declare close() throws Exception
  static void forEachBatch(Path tableDir, Consumer<VectorSchemaRoot> consumer) throws Exception {
    try (BufferAllocator allocator = new RootAllocator();
         FileSystemDatasetFactory factory = factory(allocator, tableDir);
         Dataset dataset = factory.finish();
         Scanner scanner = dataset.newScan(new ScanOptions(32 * 1024));
         ArrowReader reader = scanner.scanBatches()) {
      while (reader.loadNextBatch()) {
        consumer.accept(reader.getVectorSchemaRoot());
      }
    }
  }

  static long countRows(Path tableDir) throws Exception {
    long[] rows = {0};
    forEachBatch(tableDir, root -> rows[0] += root.getRowCount());
    return rows[0];
  }

  private static FileSystemDatasetFactory factory(BufferAllocator allocator, Path tableDir) {
    return new FileSystemDatasetFactory(allocator, NativeMemoryPool.getDefault(), FileFormat.PARQUET,
        tableDir.toUri().toString());
  }
}
