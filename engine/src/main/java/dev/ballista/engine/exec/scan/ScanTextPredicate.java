package dev.ballista.engine.exec.scan;

import java.util.List;

/**
 * {@code table column IN (values)} for a text column ({@code =} is a list of one), compared byte for byte as the
 * filter compares text. Handed to the Parquet reader so it can drop rows before building their vectors, deciding
 * dictionary-encoded values once per dictionary entry. Like a {@link ScanPredicate} it only narrows what is read:
 * the filter above the scan still decides.
 */
public record ScanTextPredicate(int column, List<String> values) {
  public ScanTextPredicate {
    values = List.copyOf(values);
  }
}
