package dev.ballista.engine.exec;

import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * A batch of rows as Arrow vectors, one per column. The holder owns the vectors and closes them; a batch with no
 * columns still has a row count (what COUNT(*) consumes). A batch built only for evaluating expressions may hold
 * null in place of the columns they do not read (a filter's later conjuncts see only their own columns).
 */
public final class Batch implements AutoCloseable {
  private final FieldVector[] columns;
  private final int rowCount;

  public Batch(FieldVector[] columns, int rowCount) {
    this.columns = columns;
    this.rowCount = rowCount;
  }

  public Batch(List<FieldVector> columns, int rowCount) {
    this(columns.toArray(new FieldVector[0]), rowCount);
  }

  /** Takes over the vectors of a root (which is left empty). */
  public static Batch takeFrom(VectorSchemaRoot root, org.apache.arrow.memory.BufferAllocator allocator) {
    List<FieldVector> out = new ArrayList<>(root.getFieldVectors().size());
    for (FieldVector v : root.getFieldVectors()) {
      var transfer = v.getTransferPair(allocator);
      transfer.transfer();
      out.add((FieldVector) transfer.getTo());
    }
    return new Batch(out, root.getRowCount());
  }

  public int rowCount() {
    return rowCount;
  }

  public int columnCount() {
    return columns.length;
  }

  public FieldVector column(int i) {
    return columns[i];
  }

  public FieldVector[] columns() {
    return columns;
  }

  public long bufferSize() {
    long size = 0;
    for (FieldVector v : columns) {
      size += v == null ? 0 : v.getBufferSize();
    }
    return size;
  }

  @Override
  public void close() {
    for (FieldVector v : columns) {
      if (v != null) {
        v.close();
      }
    }
  }
}
