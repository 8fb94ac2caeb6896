package dev.ballista.engine.catalog;

import dev.ballista.engine.exec.scan.FileFormatKind;
import dev.ballista.engine.types.RowSchema;
import java.util.List;
import java.util.Map;

/**
 * A table the catalog knows: where its files are, their format, its columns and a row count estimate.
 * {@code columnsDeclared} says the columns were given by CREATE EXTERNAL TABLE rather than read from the files
 * (a scheduler taking over must load the table with the same columns).
 */
public record TableDef(
    String schemaName, String name, FileFormatKind format, String location, List<String> files, RowSchema schema,
    long rowCount, Map<String, String> options, boolean columnsDeclared) {
  /** Option naming the table's primary key columns, comma-separated. */
  public static final String PRIMARY_KEY_OPTION = "primary_key";

  public TableDef {
    files = List.copyOf(files);
    options = Map.copyOf(options);
  }

  /** A table whose columns were read from its files. */
  public TableDef(String schemaName, String name, FileFormatKind format, String location, List<String> files,
      RowSchema schema, long rowCount, Map<String, String> options) {
    this(schemaName, name, format, location, files, schema, rowCount, options, false);
  }
}
