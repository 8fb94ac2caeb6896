package dev.ballista.engine.catalog;

import dev.ballista.engine.ErrorCode;
import dev.ballista.engine.QueryException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Schemas and their tables and views; a table and a view of one schema cannot share a name. Names are
 * case-insensitive and kept in lower case. Thread-safe: reads take no lock, changes are serialized.
 */
public final class Catalog {
  public static final String CATALOG_NAME = "ballista";
  public static final String DEFAULT_SCHEMA = "public";

  /**
   * Told of every change, after it is made (the scheduler writes them through to its state store, so a standby
   * scheduler knows them). Called on the thread that made the change, one change at a time.
   */
  public interface ChangeListener {
    void tableRegistered(TableDef table);

    void tableDropped(String schema, String name);

    default void schemaCreated(String name) {}

    default void viewRegistered(ViewDef view) {}

    default void viewDropped(String schema, String name) {}
  }

  private static final ChangeListener NO_LISTENER = new ChangeListener() {
    @Override
    public void tableRegistered(TableDef table) {}

    @Override
    public void tableDropped(String schema, String name) {}
  };

  /** One schema's tables and views. */
  private record Schema(ConcurrentMap<String, TableDef> tables, ConcurrentMap<String, ViewDef> views) {
    Schema() {
      this(new ConcurrentHashMap<>(), new ConcurrentHashMap<>());
    }
  }

  private final ConcurrentMap<String, Schema> schemas = new ConcurrentHashMap<>();
  private volatile ChangeListener listener = NO_LISTENER;

  public Catalog() {
    schemas.put(DEFAULT_SCHEMA, new Schema());
  }

  public synchronized void createSchema(String name, boolean ifNotExists) {
    String key = name.toLowerCase();
    if (schemas.putIfAbsent(key, new Schema()) != null) {
      if (!ifNotExists) {
        throw new QueryException(ErrorCode.ALREADY_EXISTS, "schema " + name + " already exists");
      }
      return;
    }
    listener.schemaCreated(key);
  }

  public synchronized void register(TableDef table, boolean replace) {
    Schema schema = existing(table.schemaName());
    String key = table.name().toLowerCase();
    if (schema.views.containsKey(key)) {
      throw new QueryException(ErrorCode.ALREADY_EXISTS, "view " + table.schemaName() + "." + table.name()
          + " already exists");
    }
    if (replace) {
      schema.tables.put(key, table);
    } else if (schema.tables.putIfAbsent(key, table) != null) {
      throw new QueryException(ErrorCode.ALREADY_EXISTS, "table " + table.name() + " already exists");
    }
    listener.tableRegistered(table);
  }

  public synchronized boolean drop(String schema, String name) {
    Schema s = schemas.get(schema.toLowerCase());
    boolean dropped = s != null && s.tables.remove(name.toLowerCase()) != null;
    if (dropped) {
      listener.tableDropped(schema.toLowerCase(), name.toLowerCase());
    }
    return dropped;
  }

  /** Adds a view, or replaces one of the same name when {@code replace}; never replaces a table. */
  public synchronized void registerView(ViewDef view, boolean replace) {
    Schema schema = existing(view.schemaName());
    String key = view.name().toLowerCase();
    if (schema.tables.containsKey(key)) {
      throw new QueryException(ErrorCode.ALREADY_EXISTS, "table " + view.qualifiedName() + " already exists");
    }
    if (replace) {
      schema.views.put(key, view);
    } else if (schema.views.putIfAbsent(key, view) != null) {
      throw new QueryException(ErrorCode.ALREADY_EXISTS, "view " + view.qualifiedName() + " already exists");
    }
    listener.viewRegistered(view);
  }

  public synchronized boolean dropView(String schema, String name) {
    Schema s = schemas.get(schema.toLowerCase());
    boolean dropped = s != null && s.views.remove(name.toLowerCase()) != null;
    if (dropped) {
      listener.viewDropped(schema.toLowerCase(), name.toLowerCase());
    }
    return dropped;
  }

  public Optional<ViewDef> view(String schema, String name) {
    Schema s = schemas.get(schema.toLowerCase());
    return s == null ? Optional.empty() : Optional.ofNullable(s.views.get(name.toLowerCase()));
  }

  /** Views of a schema, sorted by name. */
  public List<ViewDef> views(String schema) {
    Schema s = schemas.get(schema.toLowerCase());
    return s == null ? List.of() : new ArrayList<>(new TreeMap<>(s.views).values());
  }

  private Schema existing(String name) {
    Schema schema = schemas.get(name.toLowerCase());
    if (schema == null) {
      throw new QueryException(ErrorCode.SCHEMA_NOT_FOUND, "schema " + name + " does not exist");
    }
    return schema;
  }

  /** Sets the one listener told of changes from now on (null: none). */
  public void setChangeListener(ChangeListener listener) {
    this.listener = listener == null ? NO_LISTENER : listener;
  }

  public Optional<TableDef> table(String schema, String name) {
    Schema s = schemas.get(schema.toLowerCase());
    return s == null ? Optional.empty() : Optional.ofNullable(s.tables.get(name.toLowerCase()));
  }

  public List<String> schemaNames() {
    return new ArrayList<>(new TreeMap<>(schemas).keySet());
  }

  /** Tables of a schema, sorted by name. */
  public List<TableDef> tables(String schema) {
    Schema s = schemas.get(schema.toLowerCase());
    return s == null ? List.of() : new ArrayList<>(new TreeMap<>(s.tables).values());
  }
}
