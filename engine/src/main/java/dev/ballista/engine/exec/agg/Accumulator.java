package dev.ballista.engine.exec.agg;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;

/** Per-group state of one aggregate, in primitive arrays indexed by group id. */
interface Accumulator {
  /** Makes room for group ids below {@code groups}. */
  void ensureCapacity(int groups);

  /** Folds row i of {@code argument} into group {@code groupIds[i]}; argument is null for COUNT(*). */
  void update(int[] groupIds, int rows, FieldVector argument);

  /** The results of groups [from, from + count) as a vector. */
  FieldVector result(int from, int count, BufferAllocator allocator);
}
