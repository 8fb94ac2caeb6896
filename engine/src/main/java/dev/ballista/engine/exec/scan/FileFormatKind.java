package dev.ballista.engine.exec.scan;

/** File formats the engine reads, all through Arrow Dataset's native readers. */
public enum FileFormatKind {
  PARQUET, CSV, ARROW
}
