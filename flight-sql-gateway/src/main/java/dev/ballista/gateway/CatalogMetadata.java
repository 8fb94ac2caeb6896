package dev.ballista.gateway;

import dev.ballista.proto.GetCatalogResponse;
import dev.ballista.proto.TableInfo;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandGetDbSchemas;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandGetTables;

/**
 * The rows of GetCatalogs, GetDbSchemas, GetTables and GetTableTypes, from the scheduler's catalog,
 * filtered as the commands ask and in the order Flight SQL specifies.
 */
final class CatalogMetadata {
  /** The table types we can have, listed even when no table of that type exists yet. */
  private static final List<String> TABLE_TYPES = List.of("SYSTEM TABLE", "TABLE", "VIEW");

  private final GetCatalogResponse catalog;

  CatalogMetadata(GetCatalogResponse catalog) {
    this.catalog = catalog;
  }

  List<List<Object>> catalogs() {
    return List.of(List.of(catalog.getCatalogName()));
  }

  List<List<Object>> schemas(CommandGetDbSchemas command) {
    if (command.hasCatalog() && !command.getCatalog().equals(catalog.getCatalogName())) {
      return List.of();
    }
    LikePattern pattern = command.hasDbSchemaFilterPattern()
        ? LikePattern.compile(command.getDbSchemaFilterPattern()) : null;
    Set<String> names = new TreeSet<>(catalog.getSchemasList());
    catalog.getTablesList().forEach(table -> names.add(table.getSchema()));
    List<List<Object>> rows = new ArrayList<>();
    for (String name : names) {
      if (pattern == null || pattern.matches(name)) {
        rows.add(List.of(catalog.getCatalogName(), name));
      }
    }
    return rows;
  }

  List<List<Object>> tables(CommandGetTables command) {
    LikePattern schemaPattern = command.hasDbSchemaFilterPattern()
        ? LikePattern.compile(command.getDbSchemaFilterPattern()) : null;
    LikePattern tablePattern = command.hasTableNameFilterPattern()
        ? LikePattern.compile(command.getTableNameFilterPattern()) : null;
    List<String> types = command.getTableTypesList();
    List<List<Object>> rows = new ArrayList<>();
    catalog.getTablesList().stream()
        .filter(t -> !command.hasCatalog() || command.getCatalog().equals(catalogOf(t)))
        .filter(t -> schemaPattern == null || schemaPattern.matches(t.getSchema()))
        .filter(t -> tablePattern == null || tablePattern.matches(t.getName()))
        .filter(t -> types.isEmpty() || types.contains(t.getTableType()))
        .sorted(Comparator.comparing(this::catalogOf).thenComparing(TableInfo::getSchema)
            .thenComparing(TableInfo::getName)
            .thenComparing(TableInfo::getTableType))
        .forEach(table -> rows.add(tableRow(table, command.getIncludeSchema())));
    return rows;
  }

  List<List<Object>> tableTypes() {
    Set<String> types = new TreeSet<>(TABLE_TYPES);
    catalog.getTablesList().forEach(table -> types.add(table.getTableType()));
    return types.stream().map(type -> List.<Object>of(type)).toList();
  }

  /** Tables name their catalog only when it differs from the one the response is about. */
  private String catalogOf(TableInfo table) {
    return table.getCatalog().isEmpty() ? catalog.getCatalogName() : table.getCatalog();
  }

  private List<Object> tableRow(TableInfo table, boolean includeSchema) {
    List<Object> row = new ArrayList<>(Arrays.asList(
        catalogOf(table), table.getSchema(), table.getName(), table.getTableType()));
    if (includeSchema) {
      // Clients deserialize this column, so a table the scheduler sent no schema for gets an empty one.
      row.add(table.getArrowSchema().isEmpty()
          ? ArrowSchemas.serialize(ArrowSchemas.EMPTY) : table.getArrowSchema());
    }
    return row;
  }
}
