package dev.ballista.engine.exec.agg;

import dev.ballista.engine.types.DataType;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;

/** The stored values of one grouping key column, one per group, in primitive arrays. */
interface KeyColumn {
  /** Appends row {@code row} of {@code input} as the key of the next group. */
  void append(FieldVector input, int row);

  /** Whether the stored key of {@code group} equals row {@code row} of {@code input} (NULL equals NULL). */
  boolean matches(int group, FieldVector input, int row);

  /**
   * Clears {@code ok[i]} for each row {@code i < rows} still ok whose key differs from that of group
   * {@code groups[i]}: one pass per column over a whole batch, instead of a call per row and column.
   */
  default void verify(int[] groups, FieldVector input, int rows, boolean[] ok) {
    for (int i = 0; i < rows; i++) {
      if (ok[i] && !matches(groups[i], input, i)) {
        ok[i] = false;
      }
    }
  }

  FieldVector build(int from, int count, BufferAllocator allocator);

  static KeyColumn create(DataType type) {
    return switch (type.storage()) {
      case UTF8 -> new StringKeyColumn(type);
      case DECIMAL128 -> new Int128KeyColumn(type);
      default -> new LongKeyColumn(type);
    };
  }
}
