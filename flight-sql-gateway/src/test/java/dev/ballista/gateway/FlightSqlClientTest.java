package dev.ballista.gateway;

import static dev.ballista.gateway.FakeScheduler.BROKEN;
import static dev.ballista.gateway.FakeScheduler.INSERT;
import static dev.ballista.gateway.FakeScheduler.MISSING_TABLE;
import static dev.ballista.gateway.FakeScheduler.NUMBERS;
import static dev.ballista.gateway.FakeScheduler.NUMBERS_ROWS;
import static dev.ballista.gateway.FakeScheduler.NUMBER_BY_N;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import dev.ballista.proto.FlightTicket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.arrow.flight.Action;
import org.apache.arrow.flight.CancelFlightInfoRequest;
import org.apache.arrow.flight.CancelStatus;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightDescriptor;
import org.apache.arrow.flight.FlightEndpoint;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStatusCode;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.Result;
import org.apache.arrow.flight.sql.FlightSqlClient;
import org.apache.arrow.flight.sql.FlightSqlProducer.Schemas;
import org.apache.arrow.flight.sql.impl.FlightSql.ActionClosePreparedStatementRequest;
import org.apache.arrow.flight.sql.impl.FlightSql.ActionCreatePreparedStatementRequest;
import org.apache.arrow.flight.sql.impl.FlightSql.ActionCreatePreparedStatementResult;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandPreparedStatementQuery;
import org.apache.arrow.flight.sql.impl.FlightSql.SqlInfo;
import org.apache.arrow.flight.sql.impl.FlightSql.XdbcDataType;
import org.apache.arrow.flight.sql.util.TableRef;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The gateway through Arrow's FlightSqlClient: the statement paths ADBC takes, and raw details. */
class FlightSqlClientTest {
  private static GatewayHarness harness;
  private static FlightSqlClient client;

  @BeforeAll
  static void start() throws Exception {
    harness = GatewayHarness.start();
    client = harness.flightSqlClient();
  }

  @AfterAll
  static void stop() throws Exception {
    client.close();
    harness.close();
  }

  @Test
  void aStatementQueryAnswersTheExecutorEndpointsInOrder() throws Exception {
    FlightInfo info = client.execute(NUMBERS);
    assertEquals(FakeExecutor.NUMBERS_SCHEMA, info.getSchema());
    assertEquals(NUMBERS_ROWS, info.getRecords());
    assertTrue(info.getOrdered());
    assertEquals(2, info.getEndpoints().size());
    List<String> paths = new ArrayList<>();
    for (FlightEndpoint endpoint : info.getEndpoints()) {
      assertEquals(List.of(Location.forGrpcInsecure("127.0.0.1", harness.executor.port())),
          endpoint.getLocations());
      paths.add(FlightTicket.parseFrom(endpoint.getTicket().getBytes()).getPath());
    }
    assertEquals(2, paths.size());
    assertTrue(paths.get(0).endsWith("/0") && paths.get(1).endsWith("/1"), paths.toString());
    assertEquals(numbers(0, NUMBERS_ROWS), fetch(info));
  }

  @Test
  void answersSchemasWithoutRunningTheQuery() {
    int executedBefore = harness.scheduler.executed.size();
    assertEquals(FakeExecutor.NUMBERS_SCHEMA, client.getExecuteSchema(NUMBERS).getSchema());
    try (FlightSqlClient.PreparedStatement prepared = client.prepare(NUMBER_BY_N)) {
      assertEquals(FakeExecutor.NUMBERS_SCHEMA, prepared.getResultSetSchema());
      assertEquals(FakeScheduler.PARAMETER_SCHEMA, prepared.getParameterSchema());
      assertEquals(FakeExecutor.NUMBERS_SCHEMA, prepared.fetchSchema().getSchema());
    }
    assertEquals(executedBefore, harness.scheduler.executed.size());
  }

  @Test
  void runsAPreparedQueryOncePerBoundRow() throws Exception {
    try (FlightSqlClient.PreparedStatement prepared = client.prepare(NUMBER_BY_N);
        VectorSchemaRoot parameters =
            VectorSchemaRoot.create(FakeScheduler.PARAMETER_SCHEMA, harness.clientAllocator)) {
      BigIntVector n = (BigIntVector) parameters.getVector(0);
      n.allocateNew(2);
      n.set(0, 3);
      n.set(1, 10);
      parameters.setRowCount(2);
      prepared.setParameters(parameters);
      FlightInfo info = prepared.execute();
      assertEquals(List.of("3:name-3", "10:name-10"), fetch(info));
    }
  }

  @Test
  void runsStatementUpdates() {
    assertEquals(2, client.executeUpdate(INSERT));
    try (FlightSqlClient.PreparedStatement prepared = client.prepare(INSERT)) {
      // No dataset schema: what tells the JDBC driver to run it as an update.
      assertEquals(0, prepared.getResultSetSchema().getFields().size());
      assertEquals(2, prepared.executeUpdate());
    }
  }

  @Test
  void mapsQueryErrorsToFlightStatuses() {
    FlightRuntimeException missing = assertThrows(FlightRuntimeException.class,
        () -> client.execute(MISSING_TABLE));
    assertEquals(FlightStatusCode.NOT_FOUND, missing.status().code());
    assertEquals("Object 'MISSING' not found (at line 1, column 15)", missing.getMessage());
    assertEquals("TABLE_NOT_FOUND",
        missing.status().metadata().get(GatewayErrors.ERROR_CODE_KEY));

    FlightRuntimeException syntax = assertThrows(FlightRuntimeException.class,
        () -> client.execute("SELEC 1"));
    assertEquals(FlightStatusCode.INVALID_ARGUMENT, syntax.status().code());
    assertEquals("Encountered \"SELEC\" (at line 1, column 1)", syntax.getMessage());

    FlightRuntimeException broken = assertThrows(FlightRuntimeException.class,
        () -> client.execute(BROKEN));
    assertEquals(FlightStatusCode.INTERNAL, broken.status().code());
    assertEquals("Internal error: Task 3 lost its executor", broken.getMessage());
  }

  @Test
  void forgetsClosedPreparedStatements() throws Exception {
    FlightClient flight = FlightClient.builder(harness.clientAllocator,
        Location.forGrpcInsecure("127.0.0.1", harness.port())).build();
    try (flight) {
      Iterator<Result> results = flight.doAction(new Action("CreatePreparedStatement", Any.pack(
          ActionCreatePreparedStatementRequest.newBuilder().setQuery(NUMBERS).build())
          .toByteArray()));
      ActionCreatePreparedStatementResult created = Any.parseFrom(results.next().getBody())
          .unpack(ActionCreatePreparedStatementResult.class);
      results.forEachRemaining(ignored -> { });
      FlightDescriptor descriptor = FlightDescriptor.command(Any.pack(
          CommandPreparedStatementQuery.newBuilder()
              .setPreparedStatementHandle(created.getPreparedStatementHandle()).build())
          .toByteArray());
      assertEquals(NUMBERS_ROWS, flight.getInfo(descriptor).getRecords());

      flight.doAction(new Action("ClosePreparedStatement", Any.pack(
          ActionClosePreparedStatementRequest.newBuilder()
              .setPreparedStatementHandle(created.getPreparedStatementHandle()).build())
          .toByteArray())).forEachRemaining(ignored -> { });
      FlightRuntimeException gone = assertThrows(FlightRuntimeException.class,
          () -> flight.getInfo(descriptor));
      assertEquals(FlightStatusCode.NOT_FOUND, gone.status().code());
    }
  }

  @Test
  void answersSqlInfoByCode() throws Exception {
    FlightInfo info = client.getSqlInfo(SqlInfo.FLIGHT_SQL_SERVER_NAME,
        SqlInfo.SQL_IDENTIFIER_QUOTE_CHAR, SqlInfo.FLIGHT_SQL_SERVER_READ_ONLY,
        SqlInfo.SQL_MAX_COLUMNS_IN_TABLE);
    List<String> values = new ArrayList<>();
    try (FlightStream stream = client.getStream(info.getEndpoints().get(0).getTicket())) {
      while (stream.next()) {
        VectorSchemaRoot root = stream.getRoot();
        for (int i = 0; i < root.getRowCount(); i++) {
          values.add(root.getVector("info_name").getObject(i) + "="
              + root.getVector("value").getObject(i));
        }
      }
    }
    assertEquals(List.of(
        SqlInfo.FLIGHT_SQL_SERVER_NAME_VALUE + "=Ballista",
        SqlInfo.SQL_IDENTIFIER_QUOTE_CHAR_VALUE + "=\"",
        SqlInfo.FLIGHT_SQL_SERVER_READ_ONLY_VALUE + "=false",
        SqlInfo.SQL_MAX_COLUMNS_IN_TABLE_VALUE + "=0"), values);
  }

  @Test
  void listsTheSupportedTypesForXdbcClients() throws Exception {
    List<String> all = column(client.getXdbcTypeInfo(), "type_name");
    // By XDBC code: BIT (-7) is BOOLEAN, then TINYINT (-6), BIGINT (-5), DECIMAL (3)...
    assertEquals(List.of("BOOLEAN", "TINYINT", "BIGINT", "DECIMAL", "INTEGER", "SMALLINT", "REAL",
        "DOUBLE", "VARCHAR", "DATE", "TIME", "TIMESTAMP"), all);
    assertEquals(List.of("INTEGER"),
        column(client.getXdbcTypeInfo(XdbcDataType.XDBC_INTEGER.getNumber()), "type_name"));
    assertEquals(List.of("precision,scale"), column(
        client.getXdbcTypeInfo(XdbcDataType.XDBC_DECIMAL.getNumber()), "create_params"));
  }

  @Test
  void includesTableSchemasWhenAsked() throws Exception {
    FlightInfo info = client.getTables(null, "tpch", "line%", null, true);
    assertEquals(Schemas.GET_TABLES_SCHEMA, info.getSchema());
    try (FlightStream stream = client.getStream(info.getEndpoints().get(0).getTicket())) {
      assertTrue(stream.next());
      VectorSchemaRoot root = stream.getRoot();
      assertEquals(1, root.getRowCount());
      assertEquals("lineitem", root.getVector("table_name").getObject(0).toString());
      byte[] schema = ((VarBinaryVector) root.getVector("table_schema")).get(0);
      assertEquals(FakeExecutor.NUMBERS_SCHEMA,
          ArrowSchemas.deserialize(ByteString.copyFrom(schema)));
    }
  }

  @Test
  void answersKeyCommandsWithEmptyResultsOfTheRightSchema() throws Exception {
    TableRef numbers = TableRef.of(null, "public", "numbers");
    assertNoRows(client.getPrimaryKeys(numbers), Schemas.GET_PRIMARY_KEYS_SCHEMA);
    assertNoRows(client.getImportedKeys(numbers), Schemas.GET_IMPORTED_KEYS_SCHEMA);
    assertNoRows(client.getExportedKeys(numbers), Schemas.GET_EXPORTED_KEYS_SCHEMA);
    assertNoRows(client.getCrossReference(numbers, numbers), Schemas.GET_CROSS_REFERENCE_SCHEMA);
  }

  @Test
  void acceptsAnAnonymousHandshakeWhenAuthIsOff() throws Exception {
    try (FlightClient flight = FlightClient.builder(harness.clientAllocator,
        Location.forGrpcInsecure("127.0.0.1", harness.port())).build()) {
      flight.handshake();
    }
  }

  @Test
  void cancellingAFinishedResultAsksTheSchedulerAndSaysNotCancellable() {
    FlightInfo info = client.execute(NUMBERS);
    String jobId = new String(info.getAppMetadata(), StandardCharsets.UTF_8);
    assertEquals(CancelStatus.NOT_CANCELLABLE,
        client.cancelFlightInfo(new CancelFlightInfoRequest(info)).getStatus());
    assertTrue(harness.scheduler.cancelledJobs.contains(jobId));
  }

  private static void assertNoRows(FlightInfo info, Schema schema) throws Exception {
    assertEquals(schema, info.getSchema());
    try (FlightStream stream = client.getStream(info.getEndpoints().get(0).getTicket())) {
      assertEquals(schema, stream.getSchema());
      int rows = 0;
      while (stream.next()) {
        rows += stream.getRoot().getRowCount();
      }
      assertEquals(0, rows);
    }
  }

  private static List<String> column(FlightInfo info, String name) throws Exception {
    List<String> values = new ArrayList<>();
    try (FlightStream stream = client.getStream(info.getEndpoints().get(0).getTicket())) {
      while (stream.next()) {
        for (int i = 0; i < stream.getRoot().getRowCount(); i++) {
          Object value = stream.getRoot().getVector(name).getObject(i);
          values.add(value instanceof List<?> list
              ? String.join(",", list.stream().map(Object::toString).toList())
              : String.valueOf(value));
        }
      }
    }
    return values;
  }

  /** Fetches every endpoint from where it says, as "n:name" rows. */
  static List<String> fetch(FlightInfo info) throws Exception {
    List<String> rows = new ArrayList<>();
    for (FlightEndpoint endpoint : info.getEndpoints()) {
      if (endpoint.getLocations().isEmpty()) {
        try (FlightStream stream = client.getStream(endpoint.getTicket())) {
          readRows(stream, rows);
        }
      } else {
        try (FlightClient executor = FlightClient.builder(harness.clientAllocator,
                endpoint.getLocations().get(0)).build();
            FlightStream stream = executor.getStream(endpoint.getTicket())) {
          readRows(stream, rows);
        }
      }
    }
    return rows;
  }

  static void readRows(FlightStream stream, List<String> rows) {
    while (stream.next()) {
      VectorSchemaRoot root = stream.getRoot();
      for (int i = 0; i < root.getRowCount(); i++) {
        rows.add(root.getVector("n").getObject(i) + ":" + root.getVector("name").getObject(i));
      }
    }
  }

  static List<String> numbers(long first, int count) {
    List<String> rows = new ArrayList<>();
    for (long n = first; n < first + count; n++) {
      rows.add(n + ":name-" + n);
    }
    return rows;
  }
}
