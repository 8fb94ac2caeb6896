package dev.ballista.engine.exec.scan;

import dev.ballista.engine.ErrorCode;
import dev.ballista.engine.QueryException;
import java.util.Map;
import java.util.Optional;
import org.apache.arrow.dataset.scanner.FragmentScanOptions;
import org.apache.arrow.dataset.scanner.csv.CsvConvertOptions;
import org.apache.arrow.dataset.scanner.csv.CsvFragmentScanOptions;

/**
 * How CSV files are split into fields: the delimiter and whether the first line holds column names. Scans read
 * columns by position (Arrow's generated names f0, f1, ...), so a header is skipped rather than matched, and
 * declared column names never have to agree with it.
 */
public record CsvOptions(char delimiter, boolean header) {
  public static final CsvOptions DEFAULT = new CsvOptions(',', true);

  /** Table option keys (CREATE EXTERNAL TABLE ... OPTIONS (header 'false', delimiter '|')). */
  public static final String HEADER = "header";
  public static final String DELIMITER = "delimiter";

  /** The CSV options among a table's options; missing ones keep their defaults. */
  public static CsvOptions of(Map<String, String> options) {
    char delimiter = DEFAULT.delimiter;
    String d = options.get(DELIMITER);
    if (d != null) {
      String value = d.equals("\\t") ? "\t" : d;
      if (value.length() != 1) {
        throw new QueryException(ErrorCode.VALIDATION_ERROR,
            "CSV option delimiter must be one character, not '" + d + "'");
      }
      delimiter = value.charAt(0);
    }
    boolean header = DEFAULT.header;
    String h = options.get(HEADER);
    if (h != null) {
      header = switch (h.toLowerCase(java.util.Locale.ROOT)) {
        case "true" -> true;
        case "false" -> false;
        default -> throw new QueryException(ErrorCode.VALIDATION_ERROR,
            "CSV option header must be 'true' or 'false', not '" + h + "'");
      };
    }
    return new CsvOptions(delimiter, header);
  }

  /** Arrow's CSV options for reading rows: fields named by position, the header line skipped. */
  FragmentScanOptions positionalScan() {
    return new CsvFragmentScanOptions(new CsvConvertOptions(Map.of()),
        Map.of("autogenerate_column_names", "true", "skip_rows", header ? "1" : "0"),
        Map.of("delimiter", String.valueOf(delimiter)));
  }

  /** Arrow's CSV options for inferring a schema from the header line and the first rows. */
  public Optional<FragmentScanOptions> inference() {
    return Optional.of(new CsvFragmentScanOptions(new CsvConvertOptions(Map.of()), Map.of(),
        Map.of("delimiter", String.valueOf(delimiter))));
  }

  /** The name Arrow gives the column at {@code index} when it generates names. */
  static String positionalName(int index) {
    return "f" + index;
  }
}
