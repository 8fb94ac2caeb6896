package dev.ballista.tpch;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.IntConsumer;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Streams generated rows as Arrow batches of at most {@code batchRows}, so a table of any size passes through a
 * bounded amount of memory. Each batch gets fresh buffers: the native writer may still hold the previous batch's.
 */
final class GeneratorBatchReader<E> extends ArrowReader {
  private final Schema schema;
  private final List<EntityColumn<E>> columns;
  private final Iterator<E> rows;
  private final int batchRows;
  private final IntConsumer onBatch;
  private List<EntityColumn.RowFiller<E>> fillers;

  /** {@code onBatch} hears the row count of every batch, on the thread that fills it. */
  GeneratorBatchReader(BufferAllocator allocator, Schema schema, List<EntityColumn<E>> columns, Iterator<E> rows,
      int batchRows, IntConsumer onBatch) {
    super(allocator);
    List<String> fieldNames = schema.getFields().stream().map(Field::getName).toList();
    List<String> columnNames = columns.stream().map(EntityColumn::name).toList();
    if (!fieldNames.equals(columnNames)) {
      throw new IllegalArgumentException("columns " + columnNames + " do not match schema " + fieldNames);
    }
    this.schema = schema;
    this.columns = columns;
    this.rows = rows;
    this.batchRows = batchRows;
    this.onBatch = onBatch;
  }

  @Override
  public boolean loadNextBatch() throws IOException {
    if (!rows.hasNext()) {
      return false;
    }
    if (Thread.currentThread().isInterrupted()) {
      throw new InterruptedIOException("TPC-H generation interrupted");
    }
    VectorSchemaRoot root = getVectorSchemaRoot();
    if (fillers == null) {
      fillers = bind(root);
    }
    root.clear();
    for (FieldVector vector : root.getFieldVectors()) {
      vector.setInitialCapacity(batchRows);
      vector.allocateNew();
    }
    int count = 0;
    while (count < batchRows && rows.hasNext()) {
      E row = rows.next();
      for (EntityColumn.RowFiller<E> filler : fillers) {
        filler.fill(row, count);
      }
      count++;
    }
    root.setRowCount(count);
    onBatch.accept(count);
    return true;
  }

  private List<EntityColumn.RowFiller<E>> bind(VectorSchemaRoot root) {
    List<EntityColumn.RowFiller<E>> bound = new ArrayList<>(columns.size());
    for (int i = 0; i < columns.size(); i++) {
      bound.add(columns.get(i).bind(root.getVector(i)));
    }
    return bound;
  }

  @Override
  public long bytesRead() {
    return 0;
  }

  @Override
  protected void closeReadSource() {
    // Generated rows hold no resource.
  }

  @Override
  protected Schema readSchema() {
    return schema;
  }
}
