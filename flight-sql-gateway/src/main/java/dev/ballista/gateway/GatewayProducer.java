package dev.ballista.gateway;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import dev.ballista.proto.PreparedQuery;
import java.util.List;
import java.util.function.Function;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.CancelFlightInfoRequest;
import org.apache.arrow.flight.CancelStatus;
import org.apache.arrow.flight.Criteria;
import org.apache.arrow.flight.FlightDescriptor;
import org.apache.arrow.flight.FlightEndpoint;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.PutResult;
import org.apache.arrow.flight.Result;
import org.apache.arrow.flight.SchemaResult;
import org.apache.arrow.flight.Ticket;
import org.apache.arrow.flight.sql.FlightSqlProducer;
import org.apache.arrow.flight.sql.SqlInfoBuilder;
import org.apache.arrow.flight.sql.impl.FlightSql.ActionClosePreparedStatementRequest;
import org.apache.arrow.flight.sql.impl.FlightSql.ActionCreatePreparedStatementRequest;
import org.apache.arrow.flight.sql.impl.FlightSql.ActionCreatePreparedStatementResult;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandGetCatalogs;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandGetCrossReference;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandGetDbSchemas;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandGetExportedKeys;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandGetImportedKeys;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandGetPrimaryKeys;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandGetSqlInfo;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandGetTableTypes;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandGetTables;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandGetXdbcTypeInfo;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandPreparedStatementQuery;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandPreparedStatementUpdate;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandStatementQuery;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandStatementUpdate;
import org.apache.arrow.flight.sql.impl.FlightSql.DoPutUpdateResult;
import org.apache.arrow.flight.sql.impl.FlightSql.TicketStatementQuery;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.types.pojo.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Flight SQL protocol surface: each command goes to the part that serves it. Queries and updates
 * run through the scheduler; metadata comes from its catalog; results are fetched from executors
 * (or, in proxy mode, through {@link ResultProxy}).
 */
final class GatewayProducer implements FlightSqlProducer {
  private static final Logger LOG = LoggerFactory.getLogger(GatewayProducer.class);

  private final BufferAllocator allocator;
  private final SchedulerClient scheduler;
  private final StatementRunner statements;
  private final PreparedStatementCache prepared;
  private final ResultProxy proxy;
  private final SqlInfoBuilder sqlInfo = ServerSqlInfo.create();

  GatewayProducer(BufferAllocator allocator, SchedulerClient scheduler, StatementRunner statements,
      PreparedStatementCache prepared, ResultProxy proxy) {
    this.allocator = allocator;
    this.scheduler = scheduler;
    this.statements = statements;
    this.prepared = prepared;
    this.proxy = proxy;
  }

  // ------------------------------------------------------------------ queries

  @Override
  public FlightInfo getFlightInfoStatement(
      CommandStatementQuery command, CallContext context, FlightDescriptor descriptor) {
    return statements.query(command.getQuery(), List.of(), descriptor);
  }

  @Override
  public FlightInfo getFlightInfoPreparedStatement(
      CommandPreparedStatementQuery command, CallContext context, FlightDescriptor descriptor) {
    PreparedStatement statement = prepared.get(command.getPreparedStatementHandle());
    return statements.query(statement.sql(), statement.parameterRows(), descriptor);
  }

  @Override
  public SchemaResult getSchemaStatement(
      CommandStatementQuery command, CallContext context, FlightDescriptor descriptor) {
    return new SchemaResult(
        ArrowSchemas.deserialize(scheduler.prepare(command.getQuery()).getResultSchema()));
  }

  @Override
  public SchemaResult getSchemaPreparedStatement(
      CommandPreparedStatementQuery command, CallContext context, FlightDescriptor descriptor) {
    return new SchemaResult(prepared.get(command.getPreparedStatementHandle()).datasetSchema());
  }

  /** Only proxy tickets come back to the gateway: direct results are fetched from executors. */
  @Override
  public void getStreamStatement(
      TicketStatementQuery ticket, CallContext context, ServerStreamListener listener) {
    proxy.stream(ResultFlightInfos.proxiedPartition(ticket), context.peerIdentity(), listener);
  }

  @Override
  public void getStreamPreparedStatement(
      CommandPreparedStatementQuery command, CallContext context, ServerStreamListener listener) {
    listener.error(CallStatus.INVALID_ARGUMENT
        .withDescription("Fetch results with the tickets of the statement's FlightInfo")
        .toRuntimeException());
  }

  @Override
  public void cancelFlightInfo(
      CancelFlightInfoRequest request, CallContext context, StreamListener<CancelStatus> listener) {
    try {
      listener.onNext(statements.cancel(request.getInfo()));
      listener.onCompleted();
    } catch (FlightRuntimeException e) {
      listener.onError(e);
    }
  }

  // ------------------------------------------------------------------ prepared statements

  @Override
  public void createPreparedStatement(ActionCreatePreparedStatementRequest request,
      CallContext context, StreamListener<Result> listener) {
    try {
      PreparedQuery query = scheduler.prepare(request.getQuery());
      Schema dataset = ArrowSchemas.deserialize(query.getResultSchema());
      Schema parameters = ArrowSchemas.deserialize(query.getParameterSchema());
      if (query.getIsQuery() && dataset.getFields().isEmpty()) {
        // The JDBC driver would run this as an update and never fetch its rows.
        LOG.warn("Scheduler prepared a query without a result schema: {}", request.getQuery());
      }
      ByteString handle = prepared.add(
          new PreparedStatement(request.getQuery(), dataset, parameters, List.of()));
      ActionCreatePreparedStatementResult.Builder result = ActionCreatePreparedStatementResult
          .newBuilder().setPreparedStatementHandle(handle);
      if (!dataset.getFields().isEmpty()) {
        result.setDatasetSchema(ArrowSchemas.serialize(dataset));
      }
      if (!parameters.getFields().isEmpty()) {
        result.setParameterSchema(ArrowSchemas.serialize(parameters));
      }
      listener.onNext(new Result(Any.pack(result.build()).toByteArray()));
      listener.onCompleted();
    } catch (FlightRuntimeException e) {
      listener.onError(e);
    }
  }

  @Override
  public void closePreparedStatement(ActionClosePreparedStatementRequest request,
      CallContext context, StreamListener<Result> listener) {
    prepared.remove(request.getPreparedStatementHandle());
    listener.onCompleted();
  }

  @Override
  public Runnable acceptPutPreparedStatementQuery(CommandPreparedStatementQuery command,
      CallContext context, FlightStream stream, StreamListener<PutResult> ack) {
    return () -> respond(ack, () -> {
      prepared.bind(command.getPreparedStatementHandle(), ParameterRows.read(stream));
      ack.onCompleted();
    });
  }

  @Override
  public Runnable acceptPutPreparedStatementUpdate(CommandPreparedStatementUpdate command,
      CallContext context, FlightStream stream, StreamListener<PutResult> ack) {
    return () -> respond(ack, () -> {
      PreparedStatement statement = prepared.get(command.getPreparedStatementHandle());
      List<ByteString> rows = ParameterRows.read(stream);
      sendUpdateCount(statements.update(statement.sql(),
          rows.isEmpty() ? statement.parameterRows() : rows), ack);
    });
  }

  @Override
  public Runnable acceptPutStatement(CommandStatementUpdate command, CallContext context,
      FlightStream stream, StreamListener<PutResult> ack) {
    // No reading of the stream: Arrow's FlightSqlClient only half-closes it after our answer.
    return () -> respond(ack,
        () -> sendUpdateCount(statements.update(command.getQuery(), List.of()), ack));
  }

  private void sendUpdateCount(long count, StreamListener<PutResult> ack) {
    byte[] result = DoPutUpdateResult.newBuilder().setRecordCount(count).build().toByteArray();
    try (ArrowBuf buffer = allocator.buffer(result.length)) {
      buffer.writeBytes(result);
      ack.onNext(PutResult.metadata(buffer));
    }
    ack.onCompleted();
  }

  /** Runs a DoPut body, reporting its failure on the ack stream as DoPut requires. */
  private static void respond(StreamListener<PutResult> ack, Runnable body) {
    try {
      body.run();
    } catch (FlightRuntimeException e) {
      ack.onError(e);
    } catch (RuntimeException e) {
      LOG.error("DoPut failed", e);
      ack.onError(CallStatus.INTERNAL.withDescription("Internal error: " + e.getMessage())
          .toRuntimeException());
    }
  }

  // ------------------------------------------------------------------ metadata

  @Override
  public FlightInfo getFlightInfoSqlInfo(
      CommandGetSqlInfo request, CallContext context, FlightDescriptor descriptor) {
    return servedHere(request, Schemas.GET_SQL_INFO_SCHEMA, descriptor);
  }

  @Override
  public void getStreamSqlInfo(
      CommandGetSqlInfo command, CallContext context, ServerStreamListener listener) {
    sqlInfo.send(command.getInfoList(), listener);
  }

  @Override
  public FlightInfo getFlightInfoTypeInfo(
      CommandGetXdbcTypeInfo request, CallContext context, FlightDescriptor descriptor) {
    return servedHere(request, Schemas.GET_TYPE_INFO_SCHEMA, descriptor);
  }

  @Override
  public void getStreamTypeInfo(
      CommandGetXdbcTypeInfo request, CallContext context, ServerStreamListener listener) {
    Integer dataType = request.hasDataType() ? request.getDataType() : null;
    MetadataRows.send(Schemas.GET_TYPE_INFO_SCHEMA, XdbcTypes.rows(dataType), allocator, listener);
  }

  @Override
  public FlightInfo getFlightInfoCatalogs(
      CommandGetCatalogs request, CallContext context, FlightDescriptor descriptor) {
    return servedHere(request, Schemas.GET_CATALOGS_SCHEMA, descriptor);
  }

  @Override
  public void getStreamCatalogs(CallContext context, ServerStreamListener listener) {
    sendCatalogRows(Schemas.GET_CATALOGS_SCHEMA, listener, CatalogMetadata::catalogs);
  }

  @Override
  public FlightInfo getFlightInfoSchemas(
      CommandGetDbSchemas request, CallContext context, FlightDescriptor descriptor) {
    return servedHere(request, Schemas.GET_SCHEMAS_SCHEMA, descriptor);
  }

  @Override
  public void getStreamSchemas(
      CommandGetDbSchemas command, CallContext context, ServerStreamListener listener) {
    sendCatalogRows(Schemas.GET_SCHEMAS_SCHEMA, listener, catalog -> catalog.schemas(command));
  }

  @Override
  public FlightInfo getFlightInfoTables(
      CommandGetTables request, CallContext context, FlightDescriptor descriptor) {
    return servedHere(request, tablesSchema(request), descriptor);
  }

  @Override
  public void getStreamTables(
      CommandGetTables command, CallContext context, ServerStreamListener listener) {
    sendCatalogRows(tablesSchema(command), listener, catalog -> catalog.tables(command));
  }

  @Override
  public FlightInfo getFlightInfoTableTypes(
      CommandGetTableTypes request, CallContext context, FlightDescriptor descriptor) {
    return servedHere(request, Schemas.GET_TABLE_TYPES_SCHEMA, descriptor);
  }

  @Override
  public void getStreamTableTypes(CallContext context, ServerStreamListener listener) {
    sendCatalogRows(Schemas.GET_TABLE_TYPES_SCHEMA, listener, CatalogMetadata::tableTypes);
  }

  // Ballista has no declared keys: these answer no rows, in the schemas clients expect.

  @Override
  public FlightInfo getFlightInfoPrimaryKeys(
      CommandGetPrimaryKeys request, CallContext context, FlightDescriptor descriptor) {
    return servedHere(request, Schemas.GET_PRIMARY_KEYS_SCHEMA, descriptor);
  }

  @Override
  public void getStreamPrimaryKeys(
      CommandGetPrimaryKeys command, CallContext context, ServerStreamListener listener) {
    MetadataRows.send(Schemas.GET_PRIMARY_KEYS_SCHEMA, List.of(), allocator, listener);
  }

  @Override
  public FlightInfo getFlightInfoExportedKeys(
      CommandGetExportedKeys request, CallContext context, FlightDescriptor descriptor) {
    return servedHere(request, Schemas.GET_EXPORTED_KEYS_SCHEMA, descriptor);
  }

  @Override
  public void getStreamExportedKeys(
      CommandGetExportedKeys command, CallContext context, ServerStreamListener listener) {
    MetadataRows.send(Schemas.GET_EXPORTED_KEYS_SCHEMA, List.of(), allocator, listener);
  }

  @Override
  public FlightInfo getFlightInfoImportedKeys(
      CommandGetImportedKeys request, CallContext context, FlightDescriptor descriptor) {
    return servedHere(request, Schemas.GET_IMPORTED_KEYS_SCHEMA, descriptor);
  }

  @Override
  public void getStreamImportedKeys(
      CommandGetImportedKeys command, CallContext context, ServerStreamListener listener) {
    MetadataRows.send(Schemas.GET_IMPORTED_KEYS_SCHEMA, List.of(), allocator, listener);
  }

  @Override
  public FlightInfo getFlightInfoCrossReference(
      CommandGetCrossReference request, CallContext context, FlightDescriptor descriptor) {
    return servedHere(request, Schemas.GET_CROSS_REFERENCE_SCHEMA, descriptor);
  }

  @Override
  public void getStreamCrossReference(
      CommandGetCrossReference command, CallContext context, ServerStreamListener listener) {
    MetadataRows.send(Schemas.GET_CROSS_REFERENCE_SCHEMA, List.of(), allocator, listener);
  }

  private static Schema tablesSchema(CommandGetTables command) {
    return command.getIncludeSchema() ? Schemas.GET_TABLES_SCHEMA
        : Schemas.GET_TABLES_SCHEMA_NO_SCHEMA;
  }

  /** A FlightInfo whose one endpoint is the command itself, fetched from this gateway. */
  private static FlightInfo servedHere(Message command, Schema schema, FlightDescriptor descriptor) {
    Ticket ticket = new Ticket(Any.pack(command).toByteArray());
    return new FlightInfo(schema, descriptor, List.of(new FlightEndpoint(ticket)), -1, -1);
  }

  private void sendCatalogRows(Schema schema, ServerStreamListener listener,
      Function<CatalogMetadata, List<List<Object>>> rows) {
    try {
      MetadataRows.send(schema, rows.apply(new CatalogMetadata(scheduler.catalog())), allocator,
          listener);
    } catch (FlightRuntimeException e) {
      listener.error(e);
    }
  }

  @Override
  public void close() throws Exception {
    proxy.close();
  }

  @Override
  public void listFlights(CallContext context, Criteria criteria,
      StreamListener<FlightInfo> listener) {
    listener.onError(CallStatus.UNIMPLEMENTED.withDescription("ListFlights is not supported")
        .toRuntimeException());
  }
}
