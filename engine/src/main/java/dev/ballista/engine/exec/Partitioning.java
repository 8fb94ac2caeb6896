package dev.ballista.engine.exec;

import dev.ballista.engine.expr.ColumnExpr;
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

  /**
   * This placement of an operator's input, as seen in its output columns: {@code sources[c]} is the input column
   * output column c copies, or -1 when c is computed. Hash keys the output does not copy make the placement
   * unknown, so no one relies on a key that is gone or now sits elsewhere.
   */
  default Partitioning throughColumns(int[] sources) {
    if (!(this instanceof Hash hash)) {
      return this;
    }
    List<PhysicalExpr> keys = new java.util.ArrayList<>();
    for (PhysicalExpr key : hash.keys()) {
      int found = -1;
      if (key instanceof ColumnExpr column) {
        for (int c = 0; c < sources.length && found < 0; c++) {
          found = sources[c] == column.index() ? c : -1;
        }
      }
      if (found < 0) {
        return new Unknown(hash.partitionCount());
      }
      keys.add(new ColumnExpr(found, key.type()));
    }
    return new Hash(keys, hash.partitionCount());
  }

  /** Whether rows with equal values in these columns always share a partition. */
  default boolean groupsRowsBy(List<Integer> columns) {
    if (partitionCount() == 1) {
      return true;
    }
    if (!(this instanceof Hash hash) || hash.keys().isEmpty()) {
      return false;
    }
    for (PhysicalExpr key : hash.keys()) {
      if (!(key instanceof ColumnExpr column) || !columns.contains(column.index())) {
        return false;
      }
    }
    return true;
  }
}
