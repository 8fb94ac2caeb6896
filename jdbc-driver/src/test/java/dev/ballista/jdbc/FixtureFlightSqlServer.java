package dev.ballista.jdbc;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.apache.arrow.flight.CallHeaders;
import org.apache.arrow.flight.CallInfo;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.CancelFlightInfoRequest;
import org.apache.arrow.flight.CancelStatus;
import org.apache.arrow.flight.FlightDescriptor;
import org.apache.arrow.flight.FlightEndpoint;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.FlightServer;
import org.apache.arrow.flight.FlightServerMiddleware;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.PutResult;
import org.apache.arrow.flight.RequestContext;
import org.apache.arrow.flight.Result;
import org.apache.arrow.flight.Ticket;
import org.apache.arrow.flight.auth2.BasicCallHeaderAuthenticator;
import org.apache.arrow.flight.auth2.GeneratedBearerTokenAuthenticator;
import org.apache.arrow.flight.sql.FlightSqlProducer;
import org.apache.arrow.flight.sql.NoOpFlightSqlProducer;
import org.apache.arrow.flight.sql.SqlInfoBuilder;
import org.apache.arrow.flight.sql.impl.FlightSql.ActionClosePreparedStatementRequest;
import org.apache.arrow.flight.sql.impl.FlightSql.ActionCreatePreparedStatementRequest;
import org.apache.arrow.flight.sql.impl.FlightSql.ActionCreatePreparedStatementResult;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandGetCatalogs;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandGetDbSchemas;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandGetSqlInfo;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandGetTableTypes;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandGetTables;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandPreparedStatementQuery;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandPreparedStatementUpdate;
import org.apache.arrow.flight.sql.impl.FlightSql.DoPutUpdateResult;
import org.apache.arrow.flight.sql.impl.FlightSql.TicketStatementQuery;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.util.AutoCloseables;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TimeMilliVector;
import org.apache.arrow.vector.TimeStampMicroVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.UInt1Vector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.WriteChannel;
import org.apache.arrow.vector.ipc.message.MessageSerializer;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A real Flight SQL server on 127.0.0.1 serving fixed in-memory data, as a test double for the
 * gateway. It requires Basic then Bearer auth and records what clients did (headers, parameters,
 * cancels) so tests can check the driver's side of the protocol.
 */
final class FixtureFlightSqlServer implements AutoCloseable {
  static final String USER = "tester";
  static final String PASSWORD = "secret";

  static final String ALL_TYPES = "SELECT * FROM all_types";
  static final String NUMBERS = "SELECT n FROM numbers";
  static final int NUMBER_BATCHES = 10;
  static final int NUMBERS_PER_BATCH = 1000;
  static final String SLOW = "SELECT * FROM slow";
  static final String PERSON_BY_ID = "SELECT name FROM people WHERE id = ?";
  static final String CREATE_TABLE = "CREATE TABLE t (x INT)";
  static final String INSERT = "INSERT INTO t VALUES (1), (2), (3)";

  static final Schema ALL_TYPES_SCHEMA = new Schema(List.of(
      Field.nullable("b", ArrowType.Bool.INSTANCE),
      Field.nullable("i8", new ArrowType.Int(8, true)),
      Field.nullable("i16", new ArrowType.Int(16, true)),
      Field.nullable("i32", new ArrowType.Int(32, true)),
      Field.nullable("i64", new ArrowType.Int(64, true)),
      Field.nullable("f32", new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE)),
      Field.nullable("f64", new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE)),
      Field.nullable("dec", new ArrowType.Decimal(10, 2, 128)),
      Field.nullable("s", ArrowType.Utf8.INSTANCE),
      Field.nullable("d", new ArrowType.Date(DateUnit.DAY)),
      Field.nullable("t", new ArrowType.Time(org.apache.arrow.vector.types.TimeUnit.MILLISECOND,
          32)),
      Field.nullable("ts", new ArrowType.Timestamp(
          org.apache.arrow.vector.types.TimeUnit.MICROSECOND, null)),
      Field.nullable("u8", new ArrowType.Int(8, false))));

  private static final Schema NUMBERS_SCHEMA =
      new Schema(List.of(Field.notNullable("n", new ArrowType.Int(64, true))));
  private static final Schema NAME_SCHEMA =
      new Schema(List.of(Field.nullable("name", ArrowType.Utf8.INSTANCE)));
  private static final Schema ID_PARAMETER_SCHEMA =
      new Schema(List.of(Field.nullable("id", new ArrowType.Int(64, true))));
  private static final Schema LINEITEM_SCHEMA = new Schema(List.of(
      Field.notNullable("l_orderkey", new ArrowType.Int(64, true)),
      Field.nullable("l_quantity", new ArrowType.Decimal(15, 2, 128)),
      Field.nullable("l_comment", ArrowType.Utf8.INSTANCE),
      Field.nullable("l_shipdate", new ArrowType.Date(DateUnit.DAY))));

  private final BufferAllocator allocator = new RootAllocator();
  private final FlightServer server;
  private final Location location;
  private final Producer producer = new Producer();
  final List<String> tenantHeaders = new CopyOnWriteArrayList<>();
  final List<Long> boundIds = new CopyOnWriteArrayList<>();
  final List<String> sessionSchemas = new CopyOnWriteArrayList<>();
  final AtomicInteger cancelRequests = new AtomicInteger();
  final AtomicInteger openPreparedStatements = new AtomicInteger();
  /** Queries that came as CommandStatementQuery (a plain Statement), not through a prepared statement. */
  final AtomicInteger directQueries = new AtomicInteger();
  final CountDownLatch slowStreamCancelled = new CountDownLatch(1);

  FixtureFlightSqlServer() throws Exception {
    Location bind = Location.forGrpcInsecure("127.0.0.1", 0);
    server = FlightServer.builder(allocator, bind, producer)
        .headerAuthenticator(new GeneratedBearerTokenAuthenticator(
            new BasicCallHeaderAuthenticator((user, password) -> {
              if (USER.equals(user) && PASSWORD.equals(password)) {
                return () -> user;
              }
              throw CallStatus.UNAUTHENTICATED.withDescription("Invalid user or password")
                  .toRuntimeException();
            })))
        .middleware(FlightServerMiddleware.Key.of("tenant"), new TenantRecorder())
        .build()
        .start();
    location = Location.forGrpcInsecure("127.0.0.1", server.getPort());
  }

  int port() {
    return server.getPort();
  }

  String url() {
    return "jdbc:ballista://127.0.0.1:" + port();
  }

  @Override
  public void close() throws Exception {
    AutoCloseables.close(server, allocator);
  }

  /** Records the x-tenant header of each call, to check headers are forwarded. */
  private final class TenantRecorder implements FlightServerMiddleware.Factory<FlightServerMiddleware> {
    @Override
    public FlightServerMiddleware onCallStarted(
        CallInfo info, CallHeaders incomingHeaders, RequestContext context) {
      String tenant = incomingHeaders.get("x-tenant");
      if (tenant != null) {
        tenantHeaders.add(tenant);
      }
      return new FlightServerMiddleware() {
        @Override
        public void onBeforeSendingHeaders(CallHeaders outgoingHeaders) {}

        @Override
        public void onCallCompleted(CallStatus status) {}

        @Override
        public void onCallErrored(Throwable err) {}
      };
    }
  }

  /** A query's data: for each endpoint, the batches it sends; and whether it is remote. */
  private record Query(Schema schema, List<List<Consumer<VectorSchemaRoot>>> endpoints,
      boolean lastEndpointHasLocation) {}

  private final class Producer extends NoOpFlightSqlProducer {
    private final Map<String, String> preparedSql = new ConcurrentHashMap<>();
    /** Queries run directly (CommandStatementQuery), by the handle their tickets carry. */
    private final Map<String, String> statementSql = new ConcurrentHashMap<>();
    private final Map<String, Long> boundParameter = new ConcurrentHashMap<>();
    private final AtomicInteger handles = new AtomicInteger();
    private final SqlInfoBuilder sqlInfo = new SqlInfoBuilder()
        .withFlightSqlServerName("Ballista Fixture")
        .withFlightSqlServerVersion("2.7.1")
        .withFlightSqlServerArrowVersion("18.3.0")
        .withFlightSqlServerReadOnly(false)
        .withSqlIdentifierQuoteChar("`")
        .withSqlSearchStringEscape("\\")
        .withSqlExtraNameCharacters("")
        .withSqlSchemaTerm("schema")
        .withSqlCatalogTerm("catalog")
        .withSqlProcedureTerm("procedure")
        .withSqlKeywords(new String[] {"LIMIT", "QUALIFY"})
        .withSqlNumericFunctions(new String[] {"ABS", "ROUND"})
        .withSqlStringFunctions(new String[] {"LOWER", "UPPER"})
        .withSqlSystemFunctions(new String[] {"VERSION"})
        .withSqlDatetimeFunctions(new String[] {"NOW"});

    private Query query(String sql) {
      return switch (sql) {
        case ALL_TYPES -> new Query(ALL_TYPES_SCHEMA, List.of(
            List.of(FixtureFlightSqlServer::allTypesFirstBatch,
                FixtureFlightSqlServer::allTypesSecondBatch),
            List.of(FixtureFlightSqlServer::allTypesNullBatch)), true);
        case NUMBERS -> {
          List<Consumer<VectorSchemaRoot>> batches = new ArrayList<>();
          for (int b = 0; b < NUMBER_BATCHES; b++) {
            int start = b * NUMBERS_PER_BATCH;
            batches.add(root -> numbers(root, start));
          }
          yield new Query(NUMBERS_SCHEMA, List.of(batches), false);
        }
        case SLOW -> new Query(NUMBERS_SCHEMA, List.of(List.of(root -> numbers(root, 0))), false);
        case PERSON_BY_ID -> new Query(NAME_SCHEMA, List.of(List.of()), false);
        case CREATE_TABLE, INSERT -> new Query(new Schema(List.of()), List.of(), false);
        default -> throw unknown(sql);
      };
    }

    private RuntimeException unknown(String sql) {
      if (sql.contains("missing")) {
        return CallStatus.NOT_FOUND.withDescription("Table 'missing' not found")
            .toRuntimeException();
      }
      return CallStatus.INVALID_ARGUMENT.withDescription("Syntax error at: " + sql)
          .toRuntimeException();
    }

    @Override
    public void createPreparedStatement(
        ActionCreatePreparedStatementRequest request, CallContext context,
        StreamListener<Result> listener) {
      try {
        Query query = query(request.getQuery());
        String handle = "ps-" + handles.incrementAndGet();
        preparedSql.put(handle, request.getQuery());
        openPreparedStatements.incrementAndGet();
        ActionCreatePreparedStatementResult.Builder result =
            ActionCreatePreparedStatementResult.newBuilder()
                .setPreparedStatementHandle(ByteString.copyFromUtf8(handle));
        if (!query.schema().getFields().isEmpty()) {
          result.setDatasetSchema(ByteString.copyFrom(serialize(query.schema())));
        }
        if (request.getQuery().equals(PERSON_BY_ID)) {
          result.setParameterSchema(ByteString.copyFrom(serialize(ID_PARAMETER_SCHEMA)));
        }
        listener.onNext(new Result(Any.pack(result.build()).toByteArray()));
        listener.onCompleted();
      } catch (RuntimeException e) {
        listener.onError(e);
      }
    }

    @Override
    public void closePreparedStatement(
        ActionClosePreparedStatementRequest request, CallContext context,
        StreamListener<Result> listener) {
      if (preparedSql.remove(request.getPreparedStatementHandle().toStringUtf8()) != null) {
        openPreparedStatements.decrementAndGet();
      }
      listener.onCompleted();
    }

    @Override
    public Runnable acceptPutPreparedStatementQuery(
        CommandPreparedStatementQuery command, CallContext context, FlightStream stream,
        StreamListener<PutResult> ackStream) {
      return () -> {
        String handle = command.getPreparedStatementHandle().toStringUtf8();
        while (stream.next()) {
          BigIntVector ids = (BigIntVector) stream.getRoot().getVector(0);
          if (stream.getRoot().getRowCount() == 1 && !ids.isNull(0)) {
            boundParameter.put(handle, ids.get(0));
            boundIds.add(ids.get(0));
          }
        }
        ackStream.onCompleted();
      };
    }

    @Override
    public Runnable acceptPutPreparedStatementUpdate(
        CommandPreparedStatementUpdate command, CallContext context, FlightStream stream,
        StreamListener<PutResult> ackStream) {
      return () -> {
        while (stream.next()) {
          // Updates here take no parameters; the batch is drained as the protocol requires.
        }
        String sql = preparedSql.get(command.getPreparedStatementHandle().toStringUtf8());
        long count = INSERT.equals(sql) ? 3 : 0;
        byte[] result = DoPutUpdateResult.newBuilder().setRecordCount(count).build().toByteArray();
        try (ArrowBuf buffer = allocator.buffer(result.length)) {
          buffer.writeBytes(result);
          ackStream.onNext(PutResult.metadata(buffer));
        }
        ackStream.onCompleted();
      };
    }

    @Override
    public FlightInfo getFlightInfoPreparedStatement(
        CommandPreparedStatementQuery command, CallContext context,
        FlightDescriptor descriptor) {
      String handle = command.getPreparedStatementHandle().toStringUtf8();
      String sql = preparedSql.get(handle);
      if (sql == null) {
        throw CallStatus.NOT_FOUND.withDescription("Unknown prepared statement").toRuntimeException();
      }
      return flightInfo(handle, query(sql), descriptor);
    }

    @Override
    public FlightInfo getFlightInfoStatement(
        org.apache.arrow.flight.sql.impl.FlightSql.CommandStatementQuery command, CallContext context,
        FlightDescriptor descriptor) {
      Query query = query(command.getQuery());
      String handle = "st-" + handles.incrementAndGet();
      statementSql.put(handle, command.getQuery());
      directQueries.incrementAndGet();
      return flightInfo(handle, query, descriptor);
    }

    private FlightInfo flightInfo(String handle, Query query, FlightDescriptor descriptor) {
      List<FlightEndpoint> endpoints = new ArrayList<>();
      for (int e = 0; e < query.endpoints().size(); e++) {
        Ticket ticket = new Ticket(Any.pack(TicketStatementQuery.newBuilder()
            .setStatementHandle(ByteString.copyFromUtf8(handle + "#" + e)).build())
            .toByteArray());
        boolean remote = query.lastEndpointHasLocation() && e == query.endpoints().size() - 1;
        endpoints.add(remote ? new FlightEndpoint(ticket, location) : new FlightEndpoint(ticket));
      }
      return new FlightInfo(query.schema(), descriptor, endpoints, -1, -1);
    }

    @Override
    public void getStreamStatement(
        TicketStatementQuery ticket, CallContext context, ServerStreamListener listener) {
      String[] parts = ticket.getStatementHandle().toStringUtf8().split("#");
      String sql = parts[0].startsWith("st-") ? statementSql.get(parts[0]) : preparedSql.get(parts[0]);
      if (sql == null) {
        listener.error(CallStatus.NOT_FOUND.withDescription("Unknown ticket").toRuntimeException());
        return;
      }
      Query query = query(sql);
      try (VectorSchemaRoot root = VectorSchemaRoot.create(query.schema(), allocator)) {
        listener.start(root);
        if (sql.equals(PERSON_BY_ID)) {
          Long id = boundParameter.get(parts[0]);
          writeName(root, id == null ? null : "person-" + id);
          listener.putNext();
        } else {
          for (Consumer<VectorSchemaRoot> batch : query.endpoints().get(Integer.parseInt(parts[1]))) {
            root.clear();
            root.allocateNew();
            batch.accept(root);
            listener.putNext();
          }
        }
        if (sql.equals(SLOW)) {
          waitForCancel(listener);
          return;
        }
        listener.completed();
      }
    }

    /** Holds the stream open until the client cancels it, as a long query would. */
    private void waitForCancel(ServerStreamListener listener) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (!listener.isCancelled() && System.nanoTime() < deadline) {
        try {
          Thread.sleep(10);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
      if (listener.isCancelled()) {
        slowStreamCancelled.countDown();
      } else {
        listener.error(CallStatus.TIMED_OUT.withDescription("never cancelled").toRuntimeException());
      }
    }

    @Override
    public void cancelFlightInfo(
        CancelFlightInfoRequest request, CallContext context, StreamListener<CancelStatus> listener) {
      cancelRequests.incrementAndGet();
      listener.onNext(CancelStatus.CANCELLED);
      listener.onCompleted();
    }

    @Override
    public void setSessionOptions(
        org.apache.arrow.flight.SetSessionOptionsRequest request, CallContext context,
        StreamListener<org.apache.arrow.flight.SetSessionOptionsResult> listener) {
      request.getSessionOptions().forEach((name, value) -> {
        if (name.equals("schema")) {
          sessionSchemas.add(value.acceptVisitor(new StringValue()));
        }
      });
      listener.onNext(new org.apache.arrow.flight.SetSessionOptionsResult(Map.of()));
      listener.onCompleted();
    }

    private FlightInfo metadataInfo(com.google.protobuf.Message command, Schema schema,
        FlightDescriptor descriptor) {
      Ticket ticket = new Ticket(Any.pack(command).toByteArray());
      return new FlightInfo(schema, descriptor, List.of(new FlightEndpoint(ticket)), -1, -1);
    }

    @Override
    public FlightInfo getFlightInfoSqlInfo(
        CommandGetSqlInfo request, CallContext context, FlightDescriptor descriptor) {
      return metadataInfo(request, Schemas.GET_SQL_INFO_SCHEMA, descriptor);
    }

    @Override
    public void getStreamSqlInfo(
        CommandGetSqlInfo command, CallContext context, ServerStreamListener listener) {
      sqlInfo.send(command.getInfoList(), listener);
    }

    @Override
    public FlightInfo getFlightInfoCatalogs(
        CommandGetCatalogs request, CallContext context, FlightDescriptor descriptor) {
      return metadataInfo(request, Schemas.GET_CATALOGS_SCHEMA, descriptor);
    }

    @Override
    public void getStreamCatalogs(CallContext context, ServerStreamListener listener) {
      sendStrings(listener, Schemas.GET_CATALOGS_SCHEMA, List.of(List.of("ballista")));
    }

    @Override
    public FlightInfo getFlightInfoSchemas(
        CommandGetDbSchemas request, CallContext context, FlightDescriptor descriptor) {
      return metadataInfo(request, Schemas.GET_SCHEMAS_SCHEMA, descriptor);
    }

    @Override
    public void getStreamSchemas(
        CommandGetDbSchemas command, CallContext context, ServerStreamListener listener) {
      Pattern schemas = like(command.hasDbSchemaFilterPattern()
          ? command.getDbSchemaFilterPattern() : "%");
      List<List<String>> rows = new ArrayList<>();
      for (String schema : List.of("public", "tpch")) {
        if (schemas.matcher(schema).matches()) {
          rows.add(List.of("ballista", schema));
        }
      }
      sendStrings(listener, Schemas.GET_SCHEMAS_SCHEMA, rows);
    }

    @Override
    public FlightInfo getFlightInfoTableTypes(
        CommandGetTableTypes request, CallContext context, FlightDescriptor descriptor) {
      return metadataInfo(request, Schemas.GET_TABLE_TYPES_SCHEMA, descriptor);
    }

    @Override
    public void getStreamTableTypes(CallContext context, ServerStreamListener listener) {
      sendStrings(listener, Schemas.GET_TABLE_TYPES_SCHEMA, List.of(List.of("TABLE"),
          List.of("VIEW")));
    }

    @Override
    public FlightInfo getFlightInfoTables(
        CommandGetTables request, CallContext context, FlightDescriptor descriptor) {
      return metadataInfo(request, request.getIncludeSchema()
          ? Schemas.GET_TABLES_SCHEMA : Schemas.GET_TABLES_SCHEMA_NO_SCHEMA, descriptor);
    }

    @Override
    public void getStreamTables(
        CommandGetTables command, CallContext context, ServerStreamListener listener) {
      Pattern schemas = like(command.hasDbSchemaFilterPattern()
          ? command.getDbSchemaFilterPattern() : "%");
      Pattern tables = like(command.hasTableNameFilterPattern()
          ? command.getTableNameFilterPattern() : "%");
      record Table(String schema, String name, Schema columns) {}
      List<Table> matching = new ArrayList<>();
      for (Table table : List.of(new Table("public", "all_types", ALL_TYPES_SCHEMA),
          new Table("tpch", "lineitem", LINEITEM_SCHEMA))) {
        if (schemas.matcher(table.schema()).matches() && tables.matcher(table.name()).matches()
            && (command.getTableTypesCount() == 0 || command.getTableTypesList().contains("TABLE"))) {
          matching.add(table);
        }
      }
      Schema schema = command.getIncludeSchema()
          ? Schemas.GET_TABLES_SCHEMA : Schemas.GET_TABLES_SCHEMA_NO_SCHEMA;
      try (VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator)) {
        root.allocateNew();
        for (int i = 0; i < matching.size(); i++) {
          Table table = matching.get(i);
          setText(root, "catalog_name", i, "ballista");
          setText(root, "db_schema_name", i, table.schema());
          setText(root, "table_name", i, table.name());
          setText(root, "table_type", i, "TABLE");
          if (command.getIncludeSchema()) {
            ((VarBinaryVector) root.getVector("table_schema"))
                .setSafe(i, serialize(table.columns()));
          }
        }
        root.setRowCount(matching.size());
        listener.start(root);
        listener.putNext();
        listener.completed();
      }
    }

    private void sendStrings(ServerStreamListener listener, Schema schema, List<List<String>> rows) {
      try (VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator)) {
        root.allocateNew();
        for (int row = 0; row < rows.size(); row++) {
          for (int column = 0; column < rows.get(row).size(); column++) {
            ((VarCharVector) root.getVector(column)).setSafe(row,
                rows.get(row).get(column).getBytes(StandardCharsets.UTF_8));
          }
        }
        root.setRowCount(rows.size());
        listener.start(root);
        listener.putNext();
        listener.completed();
      }
    }
  }

  private static final class Schemas {
    static final Schema GET_SQL_INFO_SCHEMA = FlightSqlProducer.Schemas.GET_SQL_INFO_SCHEMA;
    static final Schema GET_CATALOGS_SCHEMA = FlightSqlProducer.Schemas.GET_CATALOGS_SCHEMA;
    static final Schema GET_SCHEMAS_SCHEMA = FlightSqlProducer.Schemas.GET_SCHEMAS_SCHEMA;
    static final Schema GET_TABLES_SCHEMA = FlightSqlProducer.Schemas.GET_TABLES_SCHEMA;
    static final Schema GET_TABLES_SCHEMA_NO_SCHEMA =
        FlightSqlProducer.Schemas.GET_TABLES_SCHEMA_NO_SCHEMA;
    static final Schema GET_TABLE_TYPES_SCHEMA = FlightSqlProducer.Schemas.GET_TABLE_TYPES_SCHEMA;
  }

  /** Reads a string session option value. */
  private static final class StringValue
      implements org.apache.arrow.flight.SessionOptionValueVisitor<String> {
    @Override
    public String visit(String value) {
      return value;
    }

    @Override
    public String visit(boolean value) {
      return String.valueOf(value);
    }

    @Override
    public String visit(long value) {
      return String.valueOf(value);
    }

    @Override
    public String visit(double value) {
      return String.valueOf(value);
    }

    @Override
    public String visit(String[] value) {
      return String.join(",", value);
    }

    @Override
    public String visit(Void ignored) {
      return null;
    }
  }

  private static Pattern like(String pattern) {
    return Pattern.compile(pattern.replace("%", ".*").replace("_", "."));
  }

  private static byte[] serialize(Schema schema) {
    try (var out = new java.io.ByteArrayOutputStream()) {
      MessageSerializer.serialize(new WriteChannel(java.nio.channels.Channels.newChannel(out)),
          schema);
      return out.toByteArray();
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void setText(VectorSchemaRoot root, String column, int row, String value) {
    ((VarCharVector) root.getVector(column)).setSafe(row, value.getBytes(StandardCharsets.UTF_8));
  }

  private static void writeName(VectorSchemaRoot root, String name) {
    root.allocateNew();
    VarCharVector names = (VarCharVector) root.getVector(0);
    if (name == null) {
      names.setNull(0);
    } else {
      names.setSafe(0, name.getBytes(StandardCharsets.UTF_8));
    }
    root.setRowCount(1);
  }

  private static void numbers(VectorSchemaRoot root, int start) {
    BigIntVector n = (BigIntVector) root.getVector(0);
    for (int i = 0; i < NUMBERS_PER_BATCH; i++) {
      n.setSafe(i, start + i);
    }
    root.setRowCount(NUMBERS_PER_BATCH);
  }

  /** Typical values, then their opposites and values before the epoch. */
  static void allTypesFirstBatch(VectorSchemaRoot root) {
    allTypesRow(root, 0, true, (byte) 1, (short) 2, 3, 4L, 1.5f, 2.25, new BigDecimal("123.45"),
        "alpha", LocalDate.of(2024, 1, 15), LocalTime.of(13, 45, 30, 123_000_000),
        LocalDateTime.of(2024, 1, 15, 13, 45, 30, 123_456_000), 200);
    allTypesRow(root, 1, false, (byte) -1, (short) -2, -3, -4L, -0.5f, 1e10,
        new BigDecimal("-0.01"), "βeta ☃", LocalDate.of(1969, 12, 31), LocalTime.MIDNIGHT,
        LocalDateTime.of(1969, 12, 31, 23, 59, 59), 0);
    root.setRowCount(2);
  }

  /** The extremes of each type. */
  static void allTypesSecondBatch(VectorSchemaRoot root) {
    allTypesRow(root, 0, true, Byte.MAX_VALUE, Short.MIN_VALUE, Integer.MAX_VALUE,
        Long.MIN_VALUE, Float.MAX_VALUE, Double.MIN_VALUE, new BigDecimal("99999999.99"), "",
        LocalDate.of(2000, 2, 29), LocalTime.of(23, 59, 59, 999_000_000),
        LocalDateTime.of(2000, 2, 29, 0, 0), 255);
    root.setRowCount(1);
  }

  static void allTypesNullBatch(VectorSchemaRoot root) {
    for (var vector : root.getFieldVectors()) {
      vector.setNull(0);
    }
    root.setRowCount(1);
  }

  private static void allTypesRow(VectorSchemaRoot root, int row, boolean b, byte i8, short i16,
      int i32, long i64, float f32, double f64, BigDecimal dec, String s, LocalDate d,
      LocalTime t, LocalDateTime ts, int u8) {
    ((BitVector) root.getVector("b")).setSafe(row, b ? 1 : 0);
    ((TinyIntVector) root.getVector("i8")).setSafe(row, i8);
    ((SmallIntVector) root.getVector("i16")).setSafe(row, i16);
    ((IntVector) root.getVector("i32")).setSafe(row, i32);
    ((BigIntVector) root.getVector("i64")).setSafe(row, i64);
    ((Float4Vector) root.getVector("f32")).setSafe(row, f32);
    ((Float8Vector) root.getVector("f64")).setSafe(row, f64);
    ((DecimalVector) root.getVector("dec")).setSafe(row, dec);
    setText(root, "s", row, s);
    ((DateDayVector) root.getVector("d")).setSafe(row, (int) d.toEpochDay());
    ((TimeMilliVector) root.getVector("t")).setSafe(row, (int) (t.toNanoOfDay() / 1_000_000));
    long micros = ts.toEpochSecond(ZoneOffset.UTC) * 1_000_000 + ts.getNano() / 1000;
    ((TimeStampMicroVector) root.getVector("ts")).setSafe(row, micros);
    ((UInt1Vector) root.getVector("u8")).setSafe(row, u8);
  }
}
