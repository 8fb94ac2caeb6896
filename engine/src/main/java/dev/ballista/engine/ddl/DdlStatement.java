package dev.ballista.engine.ddl;

import dev.ballista.engine.exec.scan.FileFormatKind;
import dev.ballista.engine.types.RowSchema;
import java.util.Map;

/** A catalog statement (CREATE, DROP, SHOW, DESCRIBE) as {@link DdlParser} recognized it. */
public sealed interface DdlStatement {
  /** A possibly schema-qualified name and where it starts in the statement (1-based). */
  record Name(String schema, String name, int line, int column) {
    /** The schema, or {@code defaultSchema} when the name is not qualified. */
    public String schemaOr(String defaultSchema) {
      return schema != null ? schema : defaultSchema;
    }

    @Override
    public String toString() {
      return schema == null ? name : schema + "." + name;
    }
  }

  /** {@code columns} is null when they are to be read from the files. */
  record CreateExternalTable(Name name, boolean ifNotExists, RowSchema columns, FileFormatKind format,
      String location, Map<String, String> options) implements DdlStatement {
    public CreateExternalTable {
      options = Map.copyOf(options);
    }
  }

  record DropTable(Name name, boolean ifExists) implements DdlStatement {}

  record CreateSchema(String name, boolean ifNotExists, int line, int column) implements DdlStatement {}

  /**
   * {@code query} is the view's text as written; {@code positionedQuery} is the same text preceded by blanks in
   * place of the statement's head, so errors in it point at the right line and column of the statement.
   */
  record CreateView(Name name, boolean orReplace, String query, String positionedQuery) implements DdlStatement {}

  record DropView(Name name, boolean ifExists) implements DdlStatement {}

  /** {@code schema} is null for the session's default schema. */
  record ShowTables(String schema, int line, int column) implements DdlStatement {}

  record ShowSchemas() implements DdlStatement {}

  /** DESCRIBE name and SHOW COLUMNS FROM name. */
  record Describe(Name name) implements DdlStatement {}
}
