package dev.ballista.tpch;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** What one generation run did, table by table. */
public record GenerationReport(Path outputDir, double scaleFactor, List<TableResult> tables, Duration elapsed) {

  /**
   * One table: {@code skipped} when it was already complete; {@code rowsGenerated} counts the rows this run wrote
   * (0 when skipped, and without parts kept from an interrupted run); {@code bytes} is the size of all its files.
   */
  public record TableResult(String table, boolean skipped, long rowsGenerated, int files, long bytes) {}

  public long rowsGenerated() {
    return tables.stream().mapToLong(TableResult::rowsGenerated).sum();
  }

  public long bytes() {
    return tables.stream().mapToLong(TableResult::bytes).sum();
  }
}
