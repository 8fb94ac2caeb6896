package dev.ballista.scheduler;

import dev.ballista.engine.catalog.Catalog;
import dev.ballista.engine.catalog.TableDef;
import dev.ballista.engine.catalog.TableLoader;
import dev.ballista.engine.catalog.ViewDef;
import dev.ballista.engine.exec.scan.FileFormatKind;
import dev.ballista.engine.serde.TypeSerde;
import dev.ballista.proto.StoredSchema;
import dev.ballista.proto.StoredTable;
import dev.ballista.proto.StoredView;
import dev.ballista.scheduler.state.StateStore;
import java.nio.file.Path;

/**
 * Writes the scheduler's catalog through to its state store: every schema created, and every table and view
 * registered or dropped (by {@code --tables}, the API or DDL), is stored as its definition (a table's format,
 * location, options and declared columns; a view's query), and a scheduler that takes over loads each table again
 * from its files.
 */
final class StoredCatalog implements Catalog.ChangeListener {
  private final StateStore store;

  StoredCatalog(StateStore store) {
    this.store = store;
  }

  @Override
  public void tableRegistered(TableDef table) {
    store.putTable(record(table));
  }

  @Override
  public void tableDropped(String schema, String name) {
    store.removeTable(schema, name);
  }

  @Override
  public void schemaCreated(String name) {
    store.putSchema(StoredSchema.newBuilder().setName(name).build());
  }

  @Override
  public void viewRegistered(ViewDef view) {
    store.putView(StoredView.newBuilder().setSchema(view.schemaName()).setName(view.name()).setSql(view.sql())
        .setDefaultSchema(view.defaultSchema()).build());
  }

  @Override
  public void viewDropped(String schema, String name) {
    store.removeView(schema, name);
  }

  static ViewDef view(StoredView view) {
    return new ViewDef(view.getSchema(), view.getName(), view.getSql(), view.getDefaultSchema());
  }

  static StoredTable record(TableDef table) {
    StoredTable.Builder b = StoredTable.newBuilder().setSchema(table.schemaName()).setName(table.name())
        .setFormat(table.format().name()).setLocation(table.location()).putAllOptions(table.options());
    if (table.columnsDeclared()) {
      b.setColumns(TypeSerde.toProto(table.schema()));
    }
    return b.build();
  }

  /** The table a record describes, its statistics (and columns, unless declared) read again from its files. */
  static TableDef load(StoredTable table) {
    return TableLoader.load(table.getSchema(), table.getName(), FileFormatKind.valueOf(table.getFormat()),
        Path.of(table.getLocation()), table.getOptionsMap(),
        table.hasColumns() ? TypeSerde.fromProto(table.getColumns()) : null);
  }
}
