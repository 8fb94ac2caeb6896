package dev.ballista.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.arrow.adbc.core.AdbcConnection;
import org.apache.arrow.adbc.core.AdbcDatabase;
import org.apache.arrow.adbc.core.AdbcDriver;
import org.apache.arrow.adbc.core.AdbcException;
import org.apache.arrow.adbc.core.AdbcInfoCode;
import org.apache.arrow.adbc.core.AdbcStatement;
import org.apache.arrow.adbc.driver.flightsql.FlightSqlDriver;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * ADBC Java's Flight SQL driver (what Python's and R's ADBC drivers do too) against a real standalone cluster,
 * with auth off and on: it always handshakes, runs plain queries as CommandStatementQuery, asks GetSchema for
 * executeSchema and walks catalogs, schemas and tables for getObjects.
 */
class AdbcFlightSqlTest {
  @TempDir
  static Path dir;
  static StandaloneCluster open;
  static StandaloneCluster secured;
  static BufferAllocator allocator;

  @BeforeAll
  static void start() throws Exception {
    Path data = TestClusters.tpchData(dir);
    open = TestClusters.start(dir, data, "open");
    secured = TestClusters.startWithAuth(dir, data, "secured");
    allocator = new RootAllocator();
  }

  @AfterAll
  static void stop() throws Exception {
    for (AutoCloseable c : new AutoCloseable[] {open, secured, allocator}) {
      if (c != null) {
        c.close();
      }
    }
  }

  private static AdbcDatabase database(boolean auth) throws AdbcException {
    Map<String, Object> parameters = new HashMap<>();
    StandaloneCluster cluster = auth ? secured : open;
    AdbcDriver.PARAM_URI.set(parameters, "grpc+tcp://127.0.0.1:" + cluster.gatewayPort());
    if (auth) {
      AdbcDriver.PARAM_USERNAME.set(parameters, TestClusters.USER);
      AdbcDriver.PARAM_PASSWORD.set(parameters, TestClusters.PASSWORD);
    }
    return new FlightSqlDriver(allocator).open(parameters);
  }

  @ParameterizedTest(name = "auth {0}")
  @ValueSource(booleans = {false, true})
  void getInfoAsksTheServer(boolean auth) throws Exception {
    try (AdbcDatabase db = database(auth); AdbcConnection c = db.connect();
         ArrowReader reader = c.getInfo(new AdbcInfoCode[] {AdbcInfoCode.VENDOR_NAME, AdbcInfoCode.DRIVER_NAME})) {
      Map<Long, String> info = new HashMap<>();
      // The root first: ADBC's GetInfo reader fails (NullPointerException) if loadNextBatch comes before it.
      VectorSchemaRoot root = reader.getVectorSchemaRoot();
      while (reader.loadNextBatch()) {
        for (int i = 0; i < root.getRowCount(); i++) {
          info.put(((Number) root.getVector("info_name").getObject(i)).longValue(),
              String.valueOf(root.getVector("info_value").getObject(i)));
        }
      }
      // The call goes to the server (GetSqlInfo for the vendor name) and succeeds, but ADBC Java 0.18 cannot hand
      // back what servers answer: its reader calls allocateNew() on the received batch before copying from it
      // (GetInfoMetadataReader.processRootFromStream), so only the driver's own entries arrive. The vendor name
      // itself is checked through JDBC's getDatabaseProductName in SqlClientsTest.
      assertNotNull(info.get((long) AdbcInfoCode.DRIVER_NAME.getValue()), info.toString());
    }
  }

  @ParameterizedTest(name = "auth {0}")
  @ValueSource(booleans = {false, true})
  @SuppressWarnings("unchecked")
  void getObjectsListsTheTpchTablesAndColumns(boolean auth) throws Exception {
    Map<String, List<String>> columnsByTable = new HashMap<>();
    try (AdbcDatabase db = database(auth); AdbcConnection c = db.connect();
         ArrowReader reader = c.getObjects(AdbcConnection.GetObjectsDepth.ALL, null, null, null, null, null)) {
      VectorSchemaRoot root = reader.getVectorSchemaRoot();
      while (reader.loadNextBatch()) {
        for (int i = 0; i < root.getRowCount(); i++) {
          assertEquals("ballista", String.valueOf(root.getVector("catalog_name").getObject(i)));
          List<Map<String, Object>> schemas = (List<Map<String, Object>>) root.getVector("catalog_db_schemas")
              .getObject(i);
          for (Map<String, Object> schema : schemas) {
            for (Map<String, Object> table : (List<Map<String, Object>>) schema.get("db_schema_tables")) {
              List<String> columns = new ArrayList<>();
              for (Map<String, Object> column : (List<Map<String, Object>>) table.get("table_columns")) {
                columns.add(String.valueOf(column.get("column_name")));
              }
              columnsByTable.put(schema.get("db_schema_name") + "." + table.get("table_name"), columns);
            }
          }
        }
      }
    }
    assertEquals(16, columnsByTable.get("public.lineitem").size(), columnsByTable.toString());
    assertEquals("l_orderkey", columnsByTable.get("public.lineitem").get(0));
    assertEquals(List.of("r_regionkey", "r_name", "r_comment"), columnsByTable.get("public.region"));
    assertTrue(columnsByTable.keySet().containsAll(Stream.of("customer", "nation", "orders", "part", "partsupp",
        "supplier").map(t -> "public." + t).toList()), columnsByTable.keySet().toString());
  }

  /**
   * Without auth only: ADBC Java (0.18) runs a prepared statement with {@code FlightSqlClient.PreparedStatement
   * .execute()} and no call options, so it never sends the bearer token it got at login and an authenticating
   * server must refuse the call. The C/Go ADBC driver behind Python's and R's ADBC does not have this problem.
   */
  @Test
  void preparedQueryWithAParameter() throws Exception {
    try (AdbcDatabase db = database(false); AdbcConnection c = db.connect()) {
      long direct = count(c, "select count(*) from orders where o_orderkey < 100", null);
      assertTrue(direct > 0);
      assertEquals(direct, count(c, "select count(*) from orders where o_orderkey < ?", 100L));
      assertTrue(count(c, "select count(*) from orders where o_orderkey < ?", 1000L) > direct);
    }
  }

  @ParameterizedTest(name = "auth {0}")
  @ValueSource(booleans = {false, true})
  void plainQueries(boolean auth) throws Exception {
    try (AdbcDatabase db = database(auth); AdbcConnection c = db.connect()) {
      assertEquals(60175L, count(c, "select count(*) from lineitem", null));
      assertEquals(25L, count(c, "select count(*) from nation", null));
      AdbcException bad = assertThrows(AdbcException.class, () -> count(c, "select nope from lineitem", null));
      assertTrue(SqlClientsTest.fullMessage(bad).contains("nope"), SqlClientsTest.fullMessage(bad));
      assertEquals(5L, count(c, "select count(*) from region", null), "the connection survives a bad query");
    }
  }

  @ParameterizedTest(name = "auth {0}")
  @ValueSource(booleans = {false, true})
  void executeSchemaDescribesAQueryWithoutRunningIt(boolean auth) throws Exception {
    try (AdbcDatabase db = database(auth); AdbcConnection c = db.connect(); AdbcStatement s = c.createStatement()) {
      s.setSqlQuery("select l_orderkey, l_shipdate, l_extendedprice, l_comment from lineitem");
      Schema schema = s.executeSchema();
      assertEquals(List.of("l_orderkey", "l_shipdate", "l_extendedprice", "l_comment"),
          schema.getFields().stream().map(f -> f.getName()).toList());
      assertEquals(new ArrowType.Int(64, true), schema.getFields().get(0).getType());
      assertEquals(new ArrowType.Date(DateUnit.DAY), schema.getFields().get(1).getType());
      assertEquals(new ArrowType.Decimal(15, 2, 128), schema.getFields().get(2).getType());
      assertEquals(ArrowType.Utf8.INSTANCE, schema.getFields().get(3).getType());
    }
  }

  /** Runs a one-row count, prepared with {@code parameter} bound when it is not null. */
  private static long count(AdbcConnection c, String sql, Long parameter) throws Exception {
    try (AdbcStatement s = c.createStatement()) {
      s.setSqlQuery(sql);
      if (parameter != null) {
        s.prepare();
        try (BigIntVector p = new BigIntVector("p", allocator)) {
          p.allocateNew(1);
          p.set(0, parameter);
          p.setValueCount(1);
          VectorSchemaRoot parameters = new VectorSchemaRoot(List.<FieldVector>of(p));
          s.bind(parameters);
          return countFrom(s);
        }
      }
      return countFrom(s);
    }
  }

  private static long countFrom(AdbcStatement s) throws Exception {
    try (AdbcStatement.QueryResult result = s.executeQuery()) {
      ArrowReader reader = result.getReader();
      VectorSchemaRoot root = reader.getVectorSchemaRoot();
      long value = -1;
      int rows = 0;
      while (reader.loadNextBatch()) {
        if (root.getRowCount() > 0) {
          value = ((BigIntVector) root.getVector(0)).get(0);
        }
        rows += root.getRowCount();
      }
      assertEquals(1, rows);
      assertFalse(value < 0);
      return value;
    }
  }
}
