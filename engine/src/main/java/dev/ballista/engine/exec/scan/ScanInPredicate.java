package dev.ballista.engine.exec.scan;

import java.util.List;

/**
 * {@code table column IN (values)} ({@code =} is a list of one): Strings for a text column, compared byte for byte
 * as the filter compares text; Longs in the column's lane for an integer, date or DECIMAL(p <= 18) column (as in a
 * {@link ScanPredicate}). Handed to the Parquet reader so it can skip row groups no value can be in and drop rows
 * before building their vectors, deciding dictionary-encoded text once per dictionary entry. It only narrows what
 * is read: the filter above the scan still decides.
 */
public record ScanInPredicate(int column, List<?> values) {
  public ScanInPredicate {
    values = List.copyOf(values);
    if (!values.stream().allMatch(v -> v instanceof String) && !values.stream().allMatch(v -> v instanceof Long)) {
      throw new IllegalArgumentException("an IN list of Strings or of Longs: " + values);
    }
  }

  /** Whether the values are text (else integers in the column's lane). */
  public boolean text() {
    return values.isEmpty() || values.get(0) instanceof String;
  }
}
