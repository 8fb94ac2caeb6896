package dev.ballista.engine.exec;

import dev.ballista.engine.expr.PhysicalExpr;
import java.util.List;

/** How an operator's output rows are spread over partitions. */
public sealed interface Partitioning {
  int partitionCount();

  /** Rows spread with no known placement, e.g. one partition per group of scanned files. */
  record Unknown(int partitionCount) implements Partitioning {}

  /** Every row in one partition. */
  record Single() implements Partitioning {
    @Override
    public int partitionCount() {
      return 1;
    }
  }

  /** Rows with equal key values in the same partition. */
  record Hash(List<PhysicalExpr> keys, int partitionCount) implements Partitioning {}

  /** Every partition holds all rows (small build sides of joins). */
  record Broadcast(int partitionCount) implements Partitioning {}
}
