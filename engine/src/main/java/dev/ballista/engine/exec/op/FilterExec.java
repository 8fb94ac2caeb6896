package dev.ballista.engine.exec.op;

import dev.ballista.engine.exec.Batch;
import dev.ballista.engine.exec.BatchStream;
import dev.ballista.engine.exec.ExecutionPlan;
import dev.ballista.engine.exec.UnaryExec;
import dev.ballista.engine.exec.TaskContext;
import dev.ballista.engine.exec.kernel.Gather;
import dev.ballista.engine.expr.PhysicalExpr;
import dev.ballista.engine.expr.Vectors;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.FieldVector;

/** Keeps the rows whose predicate is TRUE (not FALSE, not NULL). */
public final class FilterExec extends UnaryExec {
  private final PhysicalExpr predicate;

  public FilterExec(ExecutionPlan input, PhysicalExpr predicate) {
    super(input);
    this.predicate = predicate;
  }

  public PhysicalExpr predicate() {
    return predicate;
  }

  @Override
  protected ExecutionPlan withInput(ExecutionPlan newInput) {
    return new FilterExec(newInput, predicate);
  }

  @Override
  public BatchStream execute(int partition, TaskContext context) {
    BatchStream in = input.execute(partition, context);
    return new BatchStream() {
      private int[] selection = new int[0];

      @Override
      public Batch next() {
        Batch batch;
        while ((batch = in.next()) != null) {
          try (Batch b = batch) {
            int rows = b.rowCount();
            int selected;
            try (FieldVector mask = predicate.evaluate(b, context)) {
              if (selection.length < rows) {
                selection = new int[rows];
              }
              selected = select(mask, rows, selection);
            }
            if (selected == 0) {
              continue;
            }
            if (selected == rows) {
              return share(b, context);
            }
            FieldVector[] out = new FieldVector[b.columnCount()];
            for (int c = 0; c < out.length; c++) {
              out[c] = Gather.take(b.column(c), schema().type(c), selection, selected, context.allocator());
            }
            return new Batch(out, selected);
          }
        }
        return null;
      }

      @Override
      public void close() {
        in.close();
      }
    };
  }

  /** Row indices where the mask is valid and true; returns how many. */
  static int select(FieldVector mask, int rows, int[] selection) {
    ArrowBuf values = mask.getDataBuffer();
    ArrowBuf validity = Vectors.validityOrNull(mask);
    int n = 0;
    int bytes = (rows + 7) >>> 3;
    for (int byteIndex = 0; byteIndex < bytes; byteIndex++) {
      int bits = values.getByte(byteIndex) & 0xff;
      if (validity != null) {
        bits &= validity.getByte(byteIndex) & 0xff;
      }
      int base = byteIndex << 3;
      while (bits != 0) {
        int bit = Integer.numberOfTrailingZeros(bits);
        int row = base + bit;
        if (row < rows) {
          selection[n++] = row;
        }
        bits &= bits - 1;
      }
    }
    return n;
  }

  static Batch share(Batch b, TaskContext context) {
    FieldVector[] out = new FieldVector[b.columnCount()];
    for (int c = 0; c < out.length; c++) {
      out[c] = Vectors.share(b.column(c), context.allocator());
    }
    return new Batch(out, b.rowCount());
  }

  @Override
  public String describe() {
    return "FilterExec: " + predicate;
  }
}
