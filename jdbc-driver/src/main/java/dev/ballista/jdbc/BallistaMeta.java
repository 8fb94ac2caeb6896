package dev.ballista.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.arrow.flight.CallOption;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.sql.FlightSqlClient.PreparedStatement;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.calcite.avatica.AvaticaConnection;
import org.apache.calcite.avatica.AvaticaParameter;
import org.apache.calcite.avatica.AvaticaStatement;
import org.apache.calcite.avatica.ColumnMetaData;
import org.apache.calcite.avatica.MetaImpl;
import org.apache.calcite.avatica.NoSuchStatementException;
import org.apache.calcite.avatica.QueryState;
import org.apache.calcite.avatica.remote.TypedValue;

/**
 * Avatica's view of the server: every statement is a Flight SQL prepared statement; queries hand
 * Avatica frames copied from the Arrow batches as they arrive, updates and DDL an update count.
 */
final class BallistaMeta extends MetaImpl {
  private final Map<Integer, StatementState> statements = new ConcurrentHashMap<>();
  private ServerInfo serverInfo;

  BallistaMeta(AvaticaConnection connection) {
    super(connection);
    connProps
        .setAutoCommit(true)
        .setReadOnly(false)
        .setTransactionIsolation(Connection.TRANSACTION_NONE);
  }

  /** A statement's server-side prepared statement and the result being read, if any. */
  private static final class StatementState {
    /** Null for a plain statement run directly (no prepare round trip). */
    final PreparedStatement prepared;
    /** For a plain statement, known only once it has run (from its result's schema). */
    Signature signature;
    QueryResultStream results;
    /** The GetFlightInfo call waiting for the query to finish, while it waits: cancelling it cancels the query. */
    volatile io.grpc.Context.CancellableContext executing;

    StatementState(PreparedStatement prepared, Signature signature) {
      this.prepared = prepared;
      this.signature = signature;
    }

    void closeResults() {
      if (results != null) {
        results.close();
        results = null;
      }
    }

    void close(CallOption[] options) {
      closeResults();
      if (prepared == null) {
        return;
      }
      try {
        prepared.close(options);
      } catch (FlightRuntimeException ignored) {
        // The server forgets prepared statements of a closed session anyway.
      }
    }
  }

  private FlightSqlSession session() {
    return ((BallistaConnection) connection).session();
  }

  /** The session's call options with the statement's query timeout as the deadline. */
  private CallOption[] options(StatementHandle handle) {
    AvaticaStatement statement = connection.statementMap.get(handle.id);
    long timeoutMillis = 0;
    if (statement != null) {
      try {
        timeoutMillis = statement.getQueryTimeout() * 1000L;
      } catch (SQLException ignored) {
        // A closed statement runs nothing more.
      }
    }
    return session().options(timeoutMillis);
  }

  /** Rows per frame: the statement's fetch size, or a whole Arrow batch when it has none. */
  private int frameSize(StatementHandle handle) {
    AvaticaStatement statement = connection.statementMap.get(handle.id);
    try {
      return statement == null ? 0 : statement.getFetchSize();
    } catch (SQLException e) {
      return 0;
    }
  }

  @Override
  public StatementHandle prepare(ConnectionHandle ch, String sql, long maxRowCount) {
    StatementHandle handle = createStatement(ch);
    try {
      handle.signature = prepareInto(handle, sql).signature;
      return handle;
    } catch (RuntimeException e) {
      throw SqlErrors.carry(e);
    }
  }

  private StatementState prepareInto(StatementHandle handle, String sql) {
    closeStatement(handle);
    PreparedStatement prepared = session().sql().prepare(sql, options(handle));
    Signature signature;
    try {
      signature = signature(sql, prepared.getResultSetSchema(), prepared.getParameterSchema());
    } catch (RuntimeException e) {
      prepared.close(options(handle));
      throw e;
    }
    StatementState state = new StatementState(prepared, signature);
    statements.put(handle.id, state);
    return state;
  }

  private static Signature signature(String sql, Schema results, Schema parameters) {
    List<ColumnMetaData> columns = new ArrayList<>();
    for (Field field : results.getFields()) {
      columns.add(JdbcType.of(field.getType()).columnMetaData(columns.size(), field,
          field.getName()));
    }
    List<AvaticaParameter> params = new ArrayList<>();
    for (Field field : parameters.getFields()) {
      JdbcType type = JdbcType.of(field.getType());
      params.add(new AvaticaParameter(type.signed(), type.precision(), type.scale(),
          type.sqlType(), type.typeName(), type.className(), field.getName()));
    }
    if (params.isEmpty()) {
      // The server did not type the parameters: the values' own types are sent.
      for (int i = 0; i < SqlPlaceholders.count(sql); i++) {
        params.add(new AvaticaParameter(false, 0, 0, Types.OTHER, "ANY",
            Object.class.getName(), "?" + (i + 1)));
      }
    }
    // A statement that returns no columns is an update or DDL: Flight SQL runs it by DoPut.
    StatementType type = results.getFields().isEmpty() ? StatementType.IS_DML
        : StatementType.SELECT;
    return new Signature(columns, sql, params, Map.of(), CursorFactory.LIST, type);
  }

  private static final Schema NO_PARAMETERS = new Schema(List.of());

  /**
   * Runs a plain query (no '?') in one call, CommandStatementQuery, instead of prepare + execute + close: one
   * planning and two round trips fewer, which is most of a short query's latency. Other statements keep the
   * prepared path, whose DoPut answers their update count. Should a server answer no columns all the same, that
   * is an update count of 0.
   */
  private MetaResultSet runDirect(StatementHandle handle, String sql) {
    closeStatement(handle);
    StatementState state = new StatementState(null, null);
    statements.put(handle.id, state);
    CallOption[] options = options(handle);
    FlightInfo info = executeCancellably(state, () -> session().sql().execute(sql, options));
    Schema schema = info.getSchemaOptional().orElse(NO_PARAMETERS);
    state.signature = signature(sql, schema, NO_PARAMETERS);
    if (schema.getFields().isEmpty()) {
      return MetaResultSet.count(handle.connectionId, handle.id, 0);
    }
    state.results = new QueryResultStream(
        session(), info, schema, connection.getTimeZone().toZoneId(), options);
    Frame first = state.results.nextFrame(0, frameSize(handle));
    return MetaResultSet.create(handle.connectionId, handle.id, false, state.signature, first);
  }

  /** Runs a prepared statement whose parameters are bound: an update count or a first frame. */
  private MetaResultSet run(StatementHandle handle, StatementState state) {
    state.closeResults();
    CallOption[] options = options(handle);
    if (state.signature.statementType == StatementType.IS_DML) {
      long count = state.prepared.executeUpdate(options);
      return MetaResultSet.count(handle.connectionId, handle.id, Math.max(count, 0));
    }
    FlightInfo info = executeCancellably(state, () -> state.prepared.execute(options));
    Schema schema = info.getSchemaOptional()
        .filter(s -> !s.getFields().isEmpty())
        .orElse(state.prepared.getResultSetSchema());
    Signature signature = schema.equals(state.prepared.getResultSetSchema())
        ? state.signature
        : signature(state.signature.sql, schema, state.prepared.getParameterSchema());
    state.results = new QueryResultStream(
        session(), info, schema, connection.getTimeZone().toZoneId(), options);
    Frame first = state.results.nextFrame(0, frameSize(handle));
    return MetaResultSet.create(handle.connectionId, handle.id, false, signature, first);
  }

  @Override
  @SuppressWarnings("deprecation") // still abstract in Meta: Avatica's remote server may call it
  public ExecuteResult prepareAndExecute(
      StatementHandle handle, String sql, long maxRowCount, PrepareCallback callback) {
    return prepareAndExecute(handle, sql, maxRowCount, -1, callback);
  }

  @Override
  public ExecuteResult prepareAndExecute(
      StatementHandle handle, String sql, long maxRowCount, int maxRowsInFirstFrame,
      PrepareCallback callback) {
    try {
      MetaResultSet result;
      Signature signature;
      if (SqlPlaceholders.isQuery(sql) && SqlPlaceholders.count(sql) == 0) {
        result = runDirect(handle, sql);
        signature = state(handle).signature;
      } else {
        StatementState state = prepareInto(handle, sql);
        result = run(handle, state);
        signature = state.signature;
      }
      synchronized (callback.getMonitor()) {
        callback.clear();
        callback.assign(result.signature == null ? signature : result.signature,
            result.firstFrame, result.updateCount);
      }
      callback.execute();
      return new ExecuteResult(List.of(result));
    } catch (SQLException e) {
      throw SqlErrors.carry(e);
    } catch (RuntimeException e) {
      throw SqlErrors.carry(e);
    }
  }

  @Override
  @SuppressWarnings("deprecation") // still abstract in Meta: Avatica's remote server may call it
  public ExecuteResult execute(
      StatementHandle handle, List<TypedValue> parameterValues, long maxRowCount) {
    StatementState state = state(handle);
    try {
      bind(state, parameterValues);
      return new ExecuteResult(List.of(run(handle, state)));
    } catch (SQLException e) {
      throw SqlErrors.carry(e);
    } catch (RuntimeException e) {
      throw SqlErrors.carry(e);
    }
  }

  @Override
  public ExecuteResult execute(
      StatementHandle handle, List<TypedValue> parameterValues, int maxRowsInFirstFrame) {
    return execute(handle, parameterValues, (long) maxRowsInFirstFrame);
  }

  @Override
  public ExecuteBatchResult executeBatch(
      StatementHandle handle, List<List<TypedValue>> parameterValueLists) {
    StatementState state = state(handle);
    long[] counts = new long[parameterValueLists.size()];
    try {
      for (int i = 0; i < counts.length; i++) {
        bind(state, parameterValueLists.get(i));
        counts[i] = state.prepared.executeUpdate(options(handle));
      }
      return new ExecuteBatchResult(counts);
    } catch (SQLException e) {
      throw SqlErrors.carry(e);
    } catch (RuntimeException e) {
      throw SqlErrors.carry(e);
    }
  }

  @Override
  public ExecuteBatchResult prepareAndExecuteBatch(StatementHandle handle, List<String> sqls) {
    long[] counts = new long[sqls.size()];
    try {
      for (int i = 0; i < counts.length; i++) {
        StatementState state = prepareInto(handle, sqls.get(i));
        if (state.signature.statementType != StatementType.IS_DML) {
          throw SqlErrors.carry(new SQLException(
              "A batch may hold only updates and DDL: " + sqls.get(i), "21000"));
        }
        counts[i] = state.prepared.executeUpdate(options(handle));
      }
      return new ExecuteBatchResult(counts);
    } catch (RuntimeException e) {
      throw SqlErrors.carry(e);
    }
  }

  private void bind(StatementState state, List<TypedValue> values) throws SQLException {
    if (!values.isEmpty()) {
      ParameterBinder binder = new ParameterBinder(
          session().allocator(), connection.getTimeZone().toZoneId());
      state.prepared.setParameters(binder.bind(state.prepared.getParameterSchema(), values));
    }
  }

  private StatementState state(StatementHandle handle) {
    StatementState state = statements.get(handle.id);
    if (state == null) {
      throw SqlErrors.carry(new SQLException("The statement is closed", "HY010"));
    }
    return state;
  }

  @Override
  public Frame fetch(StatementHandle handle, long offset, int fetchMaxRowCount) {
    StatementState state = statements.get(handle.id);
    if (state == null || state.results == null) {
      return Frame.create(offset, true, List.of());
    }
    try {
      return state.results.nextFrame(offset, fetchMaxRowCount);
    } catch (RuntimeException e) {
      throw SqlErrors.carry(e);
    }
  }

  /**
   * GetFlightInfo returns once the query's final stage is placed, so a long query with several stages spends its
   * first part there: the call runs in a context of its own, which {@link #cancel} cancels. The server sees the call
   * cancelled and cancels the query (Flight SQL has no id to name it by before GetFlightInfo returns); afterwards
   * {@link QueryResultStream#cancel} cancels it with CancelFlightInfo.
   */
  private static FlightInfo executeCancellably(StatementState state,
      java.util.concurrent.Callable<FlightInfo> execution) {
    io.grpc.Context.CancellableContext call = io.grpc.Context.current().withCancellation();
    state.executing = call;
    try {
      return call.call(execution);
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    } finally {
      state.executing = null;
      call.close();
    }
  }

  /** Stops the statement's running query, from any thread. */
  void cancel(StatementHandle handle) {
    StatementState state = statements.get(handle.id);
    io.grpc.Context.CancellableContext executing = state == null ? null : state.executing;
    if (executing != null) {
      executing.cancel(null);
    }
    QueryResultStream results = state == null ? null : state.results;
    if (results != null) {
      results.cancel();
    }
  }

  boolean wasCancelled(StatementHandle handle) {
    StatementState state = statements.get(handle.id);
    QueryResultStream results = state == null ? null : state.results;
    return results != null && results.wasCancelled();
  }

  /** Ends the statement's result early, cancelling the rest of its stream. */
  void closeResults(StatementHandle handle) {
    StatementState state = statements.get(handle.id);
    if (state != null && state.results != null) {
      state.results.close();
    }
  }

  @Override
  public void closeStatement(StatementHandle handle) {
    StatementState state = statements.remove(handle.id);
    if (state != null) {
      state.close(session().options(0));
    }
  }

  @Override
  public void closeConnection(ConnectionHandle ch) {
    CallOption[] options = session().options(0);
    statements.values().forEach(state -> state.close(options));
    statements.clear();
  }

  @Override
  public boolean syncResults(StatementHandle handle, QueryState state, long offset)
      throws NoSuchStatementException {
    // Flight streams cannot be resumed at an offset; Avatica only asks after a reconnect.
    throw new UnsupportedOperationException("Ballista results cannot be resumed");
  }

  @Override
  public void commit(ConnectionHandle ch) {
    // Auto-commit only: every statement is committed by the server when it finishes.
  }

  @Override
  public void rollback(ConnectionHandle ch) {
    // Auto-commit only: there is never an open transaction to roll back.
  }

  /** Keeps the connection's properties; a new schema is passed on as a session option. */
  @Override
  public ConnectionProperties connectionSync(ConnectionHandle ch, ConnectionProperties props) {
    String schema = props.getSchema();
    if (schema != null && !schema.equals(connProps.getSchema())) {
      try {
        session().setSessionOption("schema", schema);
      } catch (RuntimeException e) {
        throw SqlErrors.carry(e);
      }
    }
    return super.connectionSync(ch, props);
  }

  synchronized ServerInfo serverInfo() {
    if (serverInfo == null) {
      try {
        serverInfo = ServerInfo.fetch(session(), session().options(0));
      } catch (RuntimeException e) {
        throw SqlErrors.carry(e);
      }
    }
    return serverInfo;
  }

  private CatalogBrowser browser() {
    return new CatalogBrowser(session(), session().options(0));
  }

  private <E> MetaResultSet rows(Class<E> rowClass, List<E> rows) {
    List<java.lang.reflect.Field> fields = Arrays.asList(rowClass.getFields());
    List<String> names = fields.stream().map(java.lang.reflect.Field::getName).toList();
    return createResultSet(Map.of(), fieldMetaData(rowClass).columns,
        CursorFactory.record(rowClass, fields, names),
        Frame.create(0, true, new ArrayList<Object>(rows)));
  }

  @Override
  public MetaResultSet getCatalogs(ConnectionHandle ch) {
    try {
      return rows(MetaCatalog.class, browser().catalogs());
    } catch (RuntimeException e) {
      throw SqlErrors.carry(e);
    }
  }

  @Override
  public MetaResultSet getSchemas(ConnectionHandle ch, String catalog, Pat schemaPattern) {
    try {
      return rows(MetaSchema.class, browser().schemas(catalog, schemaPattern.s));
    } catch (RuntimeException e) {
      throw SqlErrors.carry(e);
    }
  }

  @Override
  public MetaResultSet getTables(
      ConnectionHandle ch, String catalog, Pat schemaPattern, Pat tableNamePattern,
      List<String> typeList) {
    try {
      return rows(MetaTable.class,
          browser().tables(catalog, schemaPattern.s, tableNamePattern.s, typeList));
    } catch (RuntimeException e) {
      throw SqlErrors.carry(e);
    }
  }

  @Override
  public MetaResultSet getColumns(
      ConnectionHandle ch, String catalog, Pat schemaPattern, Pat tableNamePattern,
      Pat columnNamePattern) {
    try {
      return rows(MetaColumn.class, browser().columns(
          catalog, schemaPattern.s, tableNamePattern.s, columnNamePattern.s));
    } catch (RuntimeException e) {
      throw SqlErrors.carry(e);
    }
  }

  @Override
  public MetaResultSet getTableTypes(ConnectionHandle ch) {
    try {
      return rows(MetaTableType.class, browser().tableTypes());
    } catch (RuntimeException e) {
      throw SqlErrors.carry(e);
    }
  }

  @Override
  public MetaResultSet getTypeInfo(ConnectionHandle ch) {
    return rows(MetaTypeInfo.class, SupportedTypes.all());
  }

  @Override
  public MetaResultSet getPrimaryKeys(
      ConnectionHandle ch, String catalog, String schema, String table) {
    // Ballista tables have no declared keys.
    return createEmptyResultSet(MetaPrimaryKey.class);
  }

  @Override
  public MetaResultSet getImportedKeys(
      ConnectionHandle ch, String catalog, String schema, String table) {
    return createEmptyResultSet(MetaImportedKey.class);
  }
}
