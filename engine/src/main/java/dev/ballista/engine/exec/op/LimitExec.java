package dev.ballista.engine.exec.op;

import dev.ballista.engine.exec.Batch;
import dev.ballista.engine.exec.BatchStream;
import dev.ballista.engine.exec.ExecutionPlan;
import dev.ballista.engine.exec.UnaryExec;
import dev.ballista.engine.exec.TaskContext;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.util.TransferPair;

/** OFFSET / FETCH within each partition; stops reading its input as soon as it has enough rows. */
public final class LimitExec extends UnaryExec {
  private final long offset;
  private final long fetch;

  /** {@code fetch} < 0 means no limit. */
  public LimitExec(ExecutionPlan input, long offset, long fetch) {
    super(input);
    this.offset = offset;
    this.fetch = fetch;
  }

  public long offset() {
    return offset;
  }

  public long fetch() {
    return fetch;
  }

  @Override
  protected ExecutionPlan withInput(ExecutionPlan newInput) {
    return new LimitExec(newInput, offset, fetch);
  }

  @Override
  public BatchStream execute(int partition, TaskContext context) {
    BatchStream in = input.execute(partition, context);
    return new BatchStream() {
      private long skipped;
      private long returned;

      @Override
      public Batch next() {
        while (fetch < 0 || returned < fetch) {
          Batch b = in.next();
          if (b == null) {
            return null;
          }
          int rows = b.rowCount();
          int start = (int) Math.min(rows, Math.max(0, offset - skipped));
          skipped += start;
          long wanted = fetch < 0 ? rows - start : Math.min(rows - start, fetch - returned);
          if (wanted <= 0) {
            b.close();
            continue;
          }
          returned += wanted;
          if (start == 0 && wanted == rows) {
            return b;
          }
          try (b) {
            return slice(b, start, (int) wanted, context);
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

  static Batch slice(Batch b, int start, int length, TaskContext context) {
    FieldVector[] out = new FieldVector[b.columnCount()];
    for (int c = 0; c < out.length; c++) {
      TransferPair pair = b.column(c).getTransferPair(context.allocator());
      pair.splitAndTransfer(start, length);
      out[c] = (FieldVector) pair.getTo();
    }
    return new Batch(out, length);
  }


  @Override
  public String describe() {
    return "LimitExec: offset=" + offset + " fetch=" + fetch;
  }
}
