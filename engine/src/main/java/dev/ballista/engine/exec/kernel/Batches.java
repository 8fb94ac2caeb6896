package dev.ballista.engine.exec.kernel;

import dev.ballista.engine.exec.Batch;
import dev.ballista.engine.exec.BatchStream;
import dev.ballista.engine.exec.TaskContext;
import java.util.ArrayList;
import java.util.List;
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
      int rows = 0;
      while ((b = in.next()) != null) {
        context.checkCancelled();
        batches.add(b);
        rows += b.rowCount();
      }
      if (batches.size() == 1) {
        return batches.remove(0);
      }
      int columns = batches.isEmpty() ? 0 : batches.get(0).columnCount();
      FieldVector[] out = new FieldVector[columns];
      for (int c = 0; c < columns; c++) {
        FieldVector target = batches.get(0).column(c).getField().createVector(context.allocator());
        FieldVector[] sources = new FieldVector[batches.size()];
        for (int i = 0; i < sources.length; i++) {
          sources[i] = batches.get(i).column(c);
        }
        target.allocateNew();
        VectorBatchAppender.batchAppend(target, sources);
        out[c] = target;
      }
      return new Batch(out, rows);
    } finally {
      for (Batch b : batches) {
        b.close();
      }
    }
  }
}
