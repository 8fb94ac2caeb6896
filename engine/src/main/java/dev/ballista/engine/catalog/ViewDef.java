package dev.ballista.engine.catalog;

/**
 * A view: its query as written and the schema its unqualified table names resolve in (the session's default
 * schema when it was created). Its columns follow from the query and are worked out whenever it is used, so a
 * view sees its tables as they are now.
 */
public record ViewDef(String schemaName, String name, String sql, String defaultSchema) {
  public String qualifiedName() {
    return schemaName + "." + name;
  }
}
