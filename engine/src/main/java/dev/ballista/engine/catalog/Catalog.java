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

/** Schemas and their tables. Names are case-insensitive and kept in lower case. Thread-safe. */
public final class Catalog {
  public static final String CATALOG_NAME = "ballista";
  public static final String DEFAULT_SCHEMA = "public";

  /**
   * Told of every table registered or dropped, after the change (the scheduler writes them through to its state
   * store, so a standby scheduler knows them). Called on the thread that made the change.
   */
  public interface ChangeListener {
    void tableRegistered(TableDef table);

    void tableDropped(String schema, String name);
  }

  private static final ChangeListener NO_LISTENER = new ChangeListener() {
    @Override
    public void tableRegistered(TableDef table) {}

    @Override
    public void tableDropped(String schema, String name) {}
  };

  private final ConcurrentMap<String, ConcurrentMap<String, TableDef>> schemas = new ConcurrentHashMap<>();
  private volatile ChangeListener listener = NO_LISTENER;

  public Catalog() {
    schemas.put(DEFAULT_SCHEMA, new ConcurrentHashMap<>());
  }

  public void createSchema(String name, boolean ifNotExists) {
    if (schemas.putIfAbsent(name.toLowerCase(), new ConcurrentHashMap<>()) != null && !ifNotExists) {
      throw new QueryException(ErrorCode.ALREADY_EXISTS, "schema " + name + " already exists");
    }
  }

  public void register(TableDef table, boolean replace) {
    ConcurrentMap<String, TableDef> tables = schemas.get(table.schemaName().toLowerCase());
    if (tables == null) {
      throw new QueryException(ErrorCode.SCHEMA_NOT_FOUND, "schema " + table.schemaName() + " does not exist");
    }
    String key = table.name().toLowerCase();
    if (replace) {
      tables.put(key, table);
    } else if (tables.putIfAbsent(key, table) != null) {
      throw new QueryException(ErrorCode.ALREADY_EXISTS, "table " + table.name() + " already exists");
    }
    listener.tableRegistered(table);
  }

  public boolean drop(String schema, String name) {
    ConcurrentMap<String, TableDef> tables = schemas.get(schema.toLowerCase());
    boolean dropped = tables != null && tables.remove(name.toLowerCase()) != null;
    if (dropped) {
      listener.tableDropped(schema.toLowerCase(), name.toLowerCase());
    }
    return dropped;
  }

  /** Sets the one listener told of table changes from now on (null: none). */
  public void setChangeListener(ChangeListener listener) {
    this.listener = listener == null ? NO_LISTENER : listener;
  }

  public Optional<TableDef> table(String schema, String name) {
    ConcurrentMap<String, TableDef> tables = schemas.get(schema.toLowerCase());
    return tables == null ? Optional.empty() : Optional.ofNullable(tables.get(name.toLowerCase()));
  }

  public List<String> schemaNames() {
    return new ArrayList<>(new TreeMap<>(schemas).keySet());
  }

  /** Tables of a schema, sorted by name. */
  public List<TableDef> tables(String schema) {
    Map<String, TableDef> tables = schemas.get(schema.toLowerCase());
    return tables == null ? List.of() : new ArrayList<>(new TreeMap<>(tables).values());
  }
}
