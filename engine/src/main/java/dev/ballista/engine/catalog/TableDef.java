package dev.ballista.engine.catalog;

import dev.ballista.engine.exec.scan.FileFormatKind;
import dev.ballista.engine.types.RowSchema;
import java.util.List;
import java.util.Map;

/** A table the catalog knows: where its files are, their format, its columns and a row count estimate. */
public record TableDef(
    String schemaName, String name, FileFormatKind format, String location, List<String> files, RowSchema schema,
    long rowCount, Map<String, String> options) {
  /** Option naming the table's primary key columns, comma-separated. */
  public static final String PRIMARY_KEY_OPTION = "primary_key";

  public TableDef {
    files = List.copyOf(files);
    options = Map.copyOf(options);
  }
}
