package dev.ballista.engine.ddl;

import dev.ballista.engine.ErrorCode;
import dev.ballista.engine.QueryException;
import dev.ballista.engine.catalog.Catalog;
import dev.ballista.engine.catalog.TableDef;
import dev.ballista.engine.catalog.TableLoader;
import dev.ballista.engine.catalog.ViewDef;
import dev.ballista.engine.exec.scan.CsvOptions;
import dev.ballista.engine.exec.scan.FileFormatKind;
import dev.ballista.engine.plan.SqlPlanner;
import dev.ballista.engine.types.Column;
import dev.ballista.engine.types.DataType;
import dev.ballista.engine.types.RowSchema;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Runs catalog statements against a {@link Catalog}: CREATE/DROP change it and return no rows, SHOW and DESCRIBE
 * answer rows. Whoever owns the catalog runs them (the scheduler; the in-process runner), before any job.
 */
public final class DdlRunner {
  private static final RowSchema TABLES = RowSchema.of(new Column("table_name", DataType.VARCHAR, false),
      new Column("table_type", DataType.VARCHAR, false));
  private static final RowSchema SCHEMAS = RowSchema.of(new Column("schema_name", DataType.VARCHAR, false));
  private static final RowSchema COLUMNS = RowSchema.of(new Column("column_name", DataType.VARCHAR, false),
      new Column("data_type", DataType.VARCHAR, false), new Column("is_nullable", DataType.VARCHAR, false));

  private static final Set<String> COMMON_OPTIONS = Set.of(TableDef.PRIMARY_KEY_OPTION);
  private static final Set<String> CSV_OPTIONS = Set.of(TableDef.PRIMARY_KEY_OPTION, CsvOptions.HEADER,
      CsvOptions.DELIMITER);

  private final Catalog catalog;

  public DdlRunner(Catalog catalog) {
    this.catalog = catalog;
  }

  /** What a statement answers: rows, or (for a change to the catalog) none. */
  public record Result(RowSchema schema, List<List<Object>> rows) {
    static final Result DONE = new Result(null, List.of());

    /** True for statements that change the catalog and answer no rows (an update count of 0 to clients). */
    public boolean isUpdate() {
      return schema == null;
    }
  }

  /** The columns a statement answers without running it (prepared statements), or null for a change. */
  public static RowSchema resultSchema(DdlStatement statement) {
    return switch (statement) {
      case DdlStatement.ShowTables s -> TABLES;
      case DdlStatement.ShowSchemas s -> SCHEMAS;
      case DdlStatement.Describe d -> COLUMNS;
      default -> null;
    };
  }

  public Result run(DdlStatement statement, String defaultSchema) {
    String schema = defaultSchema == null || defaultSchema.isEmpty() ? Catalog.DEFAULT_SCHEMA
        : defaultSchema.toLowerCase(java.util.Locale.ROOT);
    return switch (statement) {
      case DdlStatement.CreateExternalTable c -> createTable(c, schema);
      case DdlStatement.DropTable d -> dropTable(d, schema);
      case DdlStatement.CreateSchema c -> {
        catalog.createSchema(c.name(), c.ifNotExists());
        yield Result.DONE;
      }
      case DdlStatement.CreateView v -> createView(v, schema);
      case DdlStatement.DropView v -> dropView(v, schema);
      case DdlStatement.ShowTables s -> showTables(s, schema);
      case DdlStatement.ShowSchemas s -> {
        List<List<Object>> rows = new ArrayList<>();
        for (String name : catalog.schemaNames()) {
          rows.add(List.of(name));
        }
        yield new Result(SCHEMAS, rows);
      }
      case DdlStatement.Describe d -> describe(d, schema);
    };
  }

  private Result createTable(DdlStatement.CreateExternalTable c, String defaultSchema) {
    DdlStatement.Name name = c.name();
    String schema = existingSchema(name, defaultSchema);
    if (catalog.table(schema, name.name()).isPresent()) {
      if (c.ifNotExists()) {
        return Result.DONE;
      }
      throw at(name, ErrorCode.ALREADY_EXISTS, "table " + qualified(schema, name) + " already exists");
    }
    if (catalog.view(schema, name.name()).isPresent()) {
      throw at(name, ErrorCode.ALREADY_EXISTS, "view " + qualified(schema, name) + " already exists");
    }
    Set<String> known = c.format() == FileFormatKind.CSV ? CSV_OPTIONS : COMMON_OPTIONS;
    for (String key : c.options().keySet()) {
      if (!known.contains(key)) {
        throw new QueryException(ErrorCode.VALIDATION_ERROR, "unknown option " + key + " for " + c.format()
            + " tables (known: " + String.join(", ", new TreeSet<>(known)) + ")");
      }
    }
    TableDef table = TableLoader.load(schema, name.name(), c.format(), path(c.location()), c.options(),
        c.columns());
    try {
      catalog.register(table, false);
    } catch (QueryException e) {
      // Created meanwhile by another session.
      if (!(c.ifNotExists() && e.code() == ErrorCode.ALREADY_EXISTS)) {
        throw e;
      }
    }
    return Result.DONE;
  }

  /** LOCATION as an absolute local path; {@code file:} URIs are accepted. */
  private static Path path(String location) {
    if (location.isBlank()) {
      throw new QueryException(ErrorCode.FILE_ERROR, "LOCATION is empty");
    }
    try {
      Path path = location.startsWith("file:") ? Path.of(URI.create(location)) : Path.of(location);
      return path.toAbsolutePath().normalize();
    } catch (IllegalArgumentException e) { // InvalidPathException too
      throw new QueryException(ErrorCode.FILE_ERROR, "LOCATION '" + location + "' is not a local path", e);
    }
  }

  private Result dropTable(DdlStatement.DropTable d, String defaultSchema) {
    DdlStatement.Name name = d.name();
    String schema = name.schemaOr(defaultSchema);
    if (!catalog.drop(schema, name.name())) {
      if (catalog.view(schema, name.name()).isPresent()) {
        throw at(name, ErrorCode.VALIDATION_ERROR, qualified(schema, name) + " is a view: use DROP VIEW");
      }
      if (!d.ifExists()) {
        throw at(name, ErrorCode.TABLE_NOT_FOUND, "table " + qualified(schema, name) + " does not exist");
      }
    }
    return Result.DONE;
  }

  /**
   * Validates the view's query against the catalog as it is (without the view itself, so it cannot refer to
   * itself), then keeps its text; its columns are worked out again whenever it is used.
   */
  private Result createView(DdlStatement.CreateView v, String defaultSchema) {
    DdlStatement.Name name = v.name();
    String schema = existingSchema(name, defaultSchema);
    if (catalog.table(schema, name.name()).isPresent()) {
      throw at(name, ErrorCode.ALREADY_EXISTS, "table " + qualified(schema, name) + " already exists");
    }
    if (!v.orReplace() && catalog.view(schema, name.name()).isPresent()) {
      throw at(name, ErrorCode.ALREADY_EXISTS, "view " + qualified(schema, name) + " already exists");
    }
    ViewDef view = new ViewDef(schema, name.name(), v.query(), defaultSchema);
    new SqlPlanner(catalog).viewColumns(view, v.positionedQuery());
    catalog.registerView(view, v.orReplace());
    return Result.DONE;
  }

  private Result dropView(DdlStatement.DropView d, String defaultSchema) {
    DdlStatement.Name name = d.name();
    String schema = name.schemaOr(defaultSchema);
    if (!catalog.dropView(schema, name.name())) {
      if (catalog.table(schema, name.name()).isPresent()) {
        throw at(name, ErrorCode.VALIDATION_ERROR, qualified(schema, name) + " is a table: use DROP TABLE");
      }
      if (!d.ifExists()) {
        throw at(name, ErrorCode.TABLE_NOT_FOUND, "view " + qualified(schema, name) + " does not exist");
      }
    }
    return Result.DONE;
  }

  private Result showTables(DdlStatement.ShowTables s, String defaultSchema) {
    String schema = s.schema() == null ? defaultSchema : s.schema();
    if (!catalog.schemaNames().contains(schema.toLowerCase(java.util.Locale.ROOT))) {
      throw new QueryException(ErrorCode.SCHEMA_NOT_FOUND, "schema " + schema + " does not exist", s.line(),
          s.column(), null);
    }
    java.util.TreeMap<String, List<Object>> rows = new java.util.TreeMap<>();
    for (TableDef t : catalog.tables(schema)) {
      rows.put(t.name().toLowerCase(java.util.Locale.ROOT), List.of(t.name(), "TABLE"));
    }
    for (ViewDef v : catalog.views(schema)) {
      rows.put(v.name().toLowerCase(java.util.Locale.ROOT), List.of(v.name(), "VIEW"));
    }
    return new Result(TABLES, new ArrayList<>(rows.values()));
  }

  private Result describe(DdlStatement.Describe d, String defaultSchema) {
    DdlStatement.Name name = d.name();
    String schema = name.schemaOr(defaultSchema);
    java.util.Optional<TableDef> table = catalog.table(schema, name.name());
    if (table.isPresent()) {
      return new Result(COLUMNS, columnRows(table.get().schema()));
    }
    ViewDef view = catalog.view(schema, name.name()).orElseThrow(() ->
        at(name, ErrorCode.TABLE_NOT_FOUND, "table " + qualified(schema, name) + " does not exist"));
    return new Result(COLUMNS, columnRows(viewColumns(view)));
  }

  /** A view's columns; its errors name the view (their positions would point into its text). */
  private RowSchema viewColumns(ViewDef view) {
    try {
      return new SqlPlanner(catalog).viewColumns(view, view.sql());
    } catch (QueryException e) {
      throw new QueryException(e.code(), "view " + view.qualifiedName() + ": " + e.getMessage(), e);
    }
  }

  private static List<List<Object>> columnRows(RowSchema schema) {
    List<List<Object>> rows = new ArrayList<>();
    for (Column c : schema.columns()) {
      rows.add(List.of(c.name(), c.type().toString(), c.nullable() ? "YES" : "NO"));
    }
    return rows;
  }

  private String existingSchema(DdlStatement.Name name, String defaultSchema) {
    String schema = name.schemaOr(defaultSchema);
    if (!catalog.schemaNames().contains(schema.toLowerCase(java.util.Locale.ROOT))) {
      throw at(name, ErrorCode.SCHEMA_NOT_FOUND, "schema " + schema + " does not exist");
    }
    return schema;
  }

  private static String qualified(String schema, DdlStatement.Name name) {
    return schema + "." + name.name();
  }

  private static QueryException at(DdlStatement.Name name, ErrorCode code, String message) {
    return new QueryException(code, message, name.line(), name.column(), null);
  }
}
