package dev.ballista.tpch;

import io.trino.tpch.TpchEntity;
import java.io.IOException;
import java.nio.file.Path;
import org.apache.arrow.memory.BufferAllocator;

/** Generates one part of one table into its Parquet file, on a worker thread. */
record PartTask(TableJob job, int part) {

  long expectedRows() {
    return job.expectedRows(part);
  }

  /** Writes the part; the allocator is the run's, each part takes a child so a leak names its part. */
  void run(BufferAllocator runAllocator, int batchRows, GenerationListener listener) throws TpchGenerationException {
    Path target = job.directory.partFile(part);
    String name = job.table.name() + "-" + part;
    try (BufferAllocator allocator = runAllocator.newChildAllocator(name, 0, Long.MAX_VALUE)) {
      write(job.table, allocator, batchRows, listener, target);
    } catch (IOException | RuntimeException e) {
      throw new TpchGenerationException("cannot write " + job.table.name() + " part " + part + " of "
          + job.marker.files() + " to " + target + ": " + e.getMessage(), e);
    }
  }

  private <E extends TpchEntity> void write(GeneratedTable<E> table, BufferAllocator allocator, int batchRows,
      GenerationListener listener, Path target) throws IOException {
    String name = table.name();
    GeneratorBatchReader<E> reader = new GeneratorBatchReader<>(allocator, table.schema(), table.columns(),
        table.rows(job.marker.scaleFactor(), part + 1, job.marker.files()), batchRows,
        rows -> listener.rowsGenerated(name, job.rowsDone.addAndGet(rows), job.rowsTotal));
    ParquetPartWriter.write(allocator, reader, job.directory.scratchDir(part), target);
  }
}
