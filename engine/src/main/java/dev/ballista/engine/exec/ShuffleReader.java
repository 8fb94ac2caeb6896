package dev.ballista.engine.exec;

import dev.ballista.engine.types.RowSchema;

/** Reads one shuffle partition written by an earlier stage, wherever it lives (local file or remote executor). */
public interface ShuffleReader {
  BatchStream read(ShuffleLocation location, RowSchema schema, TaskContext context);
}
