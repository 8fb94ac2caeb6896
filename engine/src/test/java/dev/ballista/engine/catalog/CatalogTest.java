package dev.ballista.engine.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ballista.engine.ErrorCode;
import dev.ballista.engine.QueryException;
import dev.ballista.engine.exec.scan.FileFormatKind;
import dev.ballista.engine.types.Column;
import dev.ballista.engine.types.DataType;
import dev.ballista.engine.types.RowSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Schemas, tables and views in one namespace per schema, and the changes the listener is told of. */
class CatalogTest {
  private static TableDef table(String schema, String name) {
    return new TableDef(schema, name, FileFormatKind.PARQUET, "/nowhere", List.of(),
        RowSchema.of(Column.of("a", DataType.BIGINT)), 1, Map.of());
  }

  @Test
  void changesAreToldToTheListenerOnceEach() {
    Catalog catalog = new Catalog();
    List<String> events = new ArrayList<>();
    catalog.setChangeListener(new Catalog.ChangeListener() {
      @Override
      public void tableRegistered(TableDef table) {
        events.add("table " + table.schemaName() + "." + table.name());
      }

      @Override
      public void tableDropped(String schema, String name) {
        events.add("drop table " + schema + "." + name);
      }

      @Override
      public void schemaCreated(String name) {
        events.add("schema " + name);
      }

      @Override
      public void viewRegistered(ViewDef view) {
        events.add("view " + view.qualifiedName() + " = " + view.sql());
      }

      @Override
      public void viewDropped(String schema, String name) {
        events.add("drop view " + schema + "." + name);
      }
    });
    catalog.createSchema("Shop", false);
    catalog.createSchema("shop", true); // exists: nothing to tell
    catalog.register(table("shop", "t"), false);
    catalog.registerView(new ViewDef("shop", "v", "select a from t", "shop"), false);
    catalog.registerView(new ViewDef("shop", "v", "select a + 1 as a from t", "shop"), true);
    assertTrue(catalog.dropView("SHOP", "V"));
    assertFalse(catalog.dropView("shop", "v"), "dropped already: nothing to tell");
    assertTrue(catalog.drop("shop", "t"));
    assertEquals(List.of("schema shop", "table shop.t", "view shop.v = select a from t",
        "view shop.v = select a + 1 as a from t", "drop view shop.v", "drop table shop.t"), events);
    assertEquals(List.of("public", "shop"), catalog.schemaNames());
  }

  @Test
  void tablesAndViewsShareOneNamespace() {
    Catalog catalog = new Catalog();
    catalog.register(table("public", "t"), false);
    QueryException clash = assertThrows(QueryException.class,
        () -> catalog.registerView(new ViewDef("public", "T", "select 1 as x", "public"), true));
    assertEquals(ErrorCode.ALREADY_EXISTS, clash.code());
    catalog.registerView(new ViewDef("public", "v", "select 1 as x", "public"), false);
    assertEquals(ErrorCode.ALREADY_EXISTS, assertThrows(QueryException.class,
        () -> catalog.register(table("public", "V"), true)).code());
    assertEquals(ErrorCode.ALREADY_EXISTS, assertThrows(QueryException.class,
        () -> catalog.registerView(new ViewDef("public", "v", "select 2 as x", "public"), false)).code());
    assertEquals(ErrorCode.SCHEMA_NOT_FOUND, assertThrows(QueryException.class,
        () -> catalog.registerView(new ViewDef("nowhere", "v", "select 1 as x", "public"), false)).code());
    assertFalse(catalog.drop("public", "v"), "DROP TABLE does not drop a view");
    assertEquals(List.of("t"), catalog.tables("public").stream().map(TableDef::name).toList());
    assertEquals(List.of("v"), catalog.views("public").stream().map(ViewDef::name).toList());
  }
}
