package dev.ballista.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ballista.engine.catalog.Catalog;
import dev.ballista.engine.dist.LocalQueryRunner;
import dev.ballista.tpch.TpchQueries;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightEndpoint;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStatusCode;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.grpc.CredentialCallOption;
import org.apache.arrow.flight.sql.FlightSqlClient;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What DBeaver, Tableau and scripts do on connect, while browsing and when querying, through our JDBC driver and
 * the official Arrow Flight SQL JDBC driver, against a real standalone cluster with auth off and with auth on
 * (where the executors serving the results check the gateway's bearer tokens).
 */
class SqlClientsTest {
  private static final List<String> TPCH_TABLES =
      List.of("customer", "lineitem", "nation", "orders", "part", "partsupp", "region", "supplier");

  @TempDir
  static Path dir;
  static StandaloneCluster open;
  static StandaloneCluster secured;

  enum Driver { BALLISTA, ARROW_FLIGHT_SQL }

  /** One way in: a driver, and whether the cluster checks passwords. */
  record Client(Driver driver, boolean auth) {
    Connection connect() throws SQLException {
      StandaloneCluster cluster = auth ? secured : open;
      String credentials = auth ? "user=" + TestClusters.USER + "&password=wonder%20land%3A1" : "";
      String url = switch (driver) {
        case BALLISTA -> cluster.jdbcUrl() + (auth ? "?" + credentials : "");
        case ARROW_FLIGHT_SQL -> "jdbc:arrow-flight-sql://127.0.0.1:" + cluster.gatewayPort()
            + "?useEncryption=false" + (auth ? "&" + credentials : "");
      };
      return DriverManager.getConnection(url);
    }

    /**
     * JDBC has no interval type: ours reports intervals as text (ISO-8601, e.g. PT76H5M6.789S), the official
     * driver as JAVA_OBJECT holding a Duration or Period with the same text. The official driver also reports
     * 32-bit floats as FLOAT (JDBC's name for a double, but so be it).
     */
    int jdbcType(TypedValue value) {
      if (value.jdbcType() == INTERVAL) {
        return driver == Driver.BALLISTA ? Types.VARCHAR : Types.JAVA_OBJECT;
      }
      return driver == Driver.ARROW_FLIGHT_SQL && value.jdbcType() == Types.REAL ? Types.FLOAT : value.jdbcType();
    }

    @Override
    public String toString() {
      return driver + (auth ? " with auth" : " without auth");
    }
  }

  static Stream<Client> clients() {
    return Stream.of(new Client(Driver.BALLISTA, false), new Client(Driver.BALLISTA, true),
        new Client(Driver.ARROW_FLIGHT_SQL, false), new Client(Driver.ARROW_FLIGHT_SQL, true));
  }

  @BeforeAll
  static void start() throws Exception {
    Path data = TestClusters.tpchData(dir);
    open = TestClusters.start(dir, data, "open");
    secured = TestClusters.startWithAuth(dir, data, "secured");
  }

  @AfterAll
  static void stop() throws Exception {
    if (open != null) {
      open.close();
    }
    if (secured != null) {
      secured.close();
    }
  }

  @ParameterizedTest
  @MethodSource("clients")
  void answersTheCallsDbeaverMakesOnConnect(Client client) throws SQLException {
    try (Connection c = client.connect()) {
      assertTrue(c.getAutoCommit());
      c.getTransactionIsolation();
      c.isReadOnly();
      DatabaseMetaData md = c.getMetaData();
      assertEquals("Ballista", md.getDatabaseProductName());
      assertFalse(md.getDatabaseProductVersion().isBlank());
      assertFalse(md.getDriverName().isBlank());
      assertFalse(md.getDriverVersion().isBlank());
      assertEquals("\"", md.getIdentifierQuoteString());
      assertEquals("\\", md.getSearchStringEscape());
      assertNotNull(md.getExtraNameCharacters());
      assertTrue(md.getSQLKeywords().toUpperCase().contains("LIMIT"), md.getSQLKeywords());
      assertNotNull(md.getNumericFunctions());
      assertTrue(md.getStringFunctions().toUpperCase().contains("SUBSTRING"), md.getStringFunctions());
      assertNotNull(md.getSystemFunctions());
      assertTrue(md.getTimeDateFunctions().toUpperCase().contains("EXTRACT"), md.getTimeDateFunctions());
      assertFalse(md.getSchemaTerm().isBlank());
      assertFalse(md.getCatalogTerm().isBlank());
      assertNotNull(md.getProcedureTerm());
      assertTrue(md.isReadOnly() || !md.isReadOnly());
      assertFalse(md.supportsTransactions());
      assertTrue(md.supportsResultSetType(ResultSet.TYPE_FORWARD_ONLY));
      md.supportsSchemasInTableDefinitions();
      md.supportsCatalogsInTableDefinitions();
      md.supportsMixedCaseIdentifiers();
      md.supportsMixedCaseQuotedIdentifiers();
      md.storesLowerCaseIdentifiers();
      md.storesUpperCaseIdentifiers();
      md.supportsOuterJoins();
      md.supportsGroupBy();
      md.supportsUnion();
      md.supportsSubqueriesInExists();
      md.supportsANSI92EntryLevelSQL();
      md.supportsBatchUpdates();
      md.supportsSavepoints();
      md.supportsStoredProcedures();
      md.getDefaultTransactionIsolation();
      md.getMaxColumnNameLength();
      md.getMaxTableNameLength();
      md.getMaxStatementLength();
      md.nullsAreSortedHigh();
      assertEquals(4, md.getJDBCMajorVersion());
      drain(md.getTypeInfo());
      assertEquals(List.of(List.of(Catalog.CATALOG_NAME)), rows(md.getCatalogs(), "TABLE_CAT"));
      assertTrue(rows(md.getSchemas(), "TABLE_SCHEM").contains(List.of(Catalog.DEFAULT_SCHEMA)));
      assertTrue(rows(md.getTableTypes(), "TABLE_TYPE").contains(List.of("TABLE")));
    }
  }

  @ParameterizedTest
  @MethodSource("clients")
  void browsesTheTpchTablesLikeDbeaver(Client client) throws SQLException {
    try (Connection c = client.connect()) {
      DatabaseMetaData md = c.getMetaData();
      List<List<Object>> tables = rows(md.getTables(Catalog.CATALOG_NAME, Catalog.DEFAULT_SCHEMA, "%", null),
          "TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME", "TABLE_TYPE");
      for (String table : TPCH_TABLES) {
        assertTrue(tables.contains(List.of(Catalog.CATALOG_NAME, Catalog.DEFAULT_SCHEMA, table, "TABLE")),
            table + " in " + tables);
      }
      // DBeaver escapes names with the search string escape: "%\\_%" is a literal underscore, no TPC-H name has one.
      String escape = md.getSearchStringEscape();
      assertEquals(List.of(), rows(md.getTables(null, Catalog.DEFAULT_SCHEMA, "%" + escape + "_%", null), "TABLE_NAME"));
      assertEquals(TPCH_TABLES.size(), rows(md.getTables(null, Catalog.DEFAULT_SCHEMA, "%_%", null), "TABLE_NAME").size());

      Map<String, List<Object>> columns = new TreeMap<>();
      try (ResultSet rs = md.getColumns(null, Catalog.DEFAULT_SCHEMA, "lineitem", "%")) {
        while (rs.next()) {
          assertEquals("lineitem", rs.getString("TABLE_NAME"));
          columns.put(rs.getString("COLUMN_NAME"), List.of(rs.getInt("DATA_TYPE"), rs.getInt("ORDINAL_POSITION")));
        }
      }
      assertEquals(16, columns.size(), columns.toString());
      assertEquals(List.of(Types.BIGINT, 1), columns.get("l_orderkey"));
      assertEquals(Types.DECIMAL, columns.get("l_quantity").get(0));
      assertEquals(Types.DATE, columns.get("l_shipdate").get(0));
      assertEquals(Types.VARCHAR, columns.get("l_comment").get(0));
      // The official driver filters columns itself and ignores escapes there; DBeaver asks for "%" anyway.
      List<List<Object>> shipColumns = rows(md.getColumns(null, null, "lineitem", "l_ship%"), "COLUMN_NAME");
      assertEquals(List.of(List.of("l_shipdate"), List.of("l_shipinstruct"), List.of("l_shipmode")),
          shipColumns.stream().sorted((a, b) -> a.get(0).toString().compareTo(b.get(0).toString())).toList());

      drain(md.getPrimaryKeys(null, Catalog.DEFAULT_SCHEMA, "lineitem"));
      drain(md.getImportedKeys(null, Catalog.DEFAULT_SCHEMA, "lineitem"));
      drain(md.getExportedKeys(null, Catalog.DEFAULT_SCHEMA, "orders"));
      drain(md.getIndexInfo(null, Catalog.DEFAULT_SCHEMA, "lineitem", false, true));
      drain(md.getProcedures(null, null, "%"));
      drain(md.getFunctions(null, null, "%"));
    }
  }

  @ParameterizedTest
  @MethodSource("clients")
  void runsTpchQ1WithTheInProcessEnginesAnswer(Client client) throws Exception {
    List<List<Object>> expected;
    try (RootAllocator allocator = new RootAllocator();
         LocalQueryRunner local = new LocalQueryRunner(open.catalog(), 2, dir.resolve("local"), allocator)) {
      expected = local.sql(TpchQueries.query(1).sql()).rows();
    }
    try (Connection c = client.connect(); Statement s = c.createStatement();
         ResultSet rs = s.executeQuery(TpchQueries.query(1).sql())) {
      ResultSetMetaData meta = rs.getMetaData();
      assertEquals(10, meta.getColumnCount());
      assertEquals("l_returnflag", meta.getColumnLabel(1).toLowerCase());
      List<List<Object>> actual = new ArrayList<>();
      while (rs.next()) {
        List<Object> row = new ArrayList<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
          row.add(rs.getObject(i));
        }
        actual.add(row);
      }
      assertEquals(4, actual.size());
      for (int r = 0; r < expected.size(); r++) {
        for (int col = 0; col < 10; col++) {
          assertSameValue(expected.get(r).get(col), actual.get(r).get(col), "row " + r + " column " + (col + 1));
        }
      }
    }
  }

  @ParameterizedTest
  @MethodSource("clients")
  void preparedStatementsTakeParameters(Client client) throws SQLException {
    try (Connection c = client.connect();
         PreparedStatement byKey = c.prepareStatement("select count(*) from orders where o_orderkey < ?");
         PreparedStatement bySegment = c.prepareStatement(
             "select count(*) from customer where c_mktsegment = ? and c_acctbal > ?");
         Statement s = c.createStatement()) {
      byKey.setLong(1, 100);
      long below100 = single(byKey.executeQuery());
      assertEquals(single(s.executeQuery("select count(*) from orders where o_orderkey < 100")), below100);
      assertTrue(below100 > 0);
      byKey.setLong(1, 1000);
      assertTrue(single(byKey.executeQuery()) > below100, "re-executed with a new value");

      bySegment.setString(1, "BUILDING");
      bySegment.setBigDecimal(2, new BigDecimal("1000.50"));
      assertEquals(single(s.executeQuery(
          "select count(*) from customer where c_mktsegment = 'BUILDING' and c_acctbal > 1000.50")),
          single(bySegment.executeQuery()));
    }
  }

  @ParameterizedTest
  @MethodSource("clients")
  void aBadQueryLeavesTheConnectionUsable(Client client) throws SQLException {
    try (Connection c = client.connect(); Statement s = c.createStatement()) {
      SQLException unknownColumn = assertThrows(SQLException.class,
          () -> s.executeQuery("select nope from lineitem").next());
      assertTrue(fullMessage(unknownColumn).contains("nope"), fullMessage(unknownColumn));
      SQLException syntax = assertThrows(SQLException.class, () -> s.executeQuery("selec 1").next());
      assertTrue(fullMessage(syntax).contains("line 1, column 1"), fullMessage(syntax));
      SQLException division = assertThrows(SQLException.class,
          () -> drain(s.executeQuery("select n_nationkey / (n_regionkey - n_regionkey) from nation")));
      assertTrue(fullMessage(division).toLowerCase().contains("division"), fullMessage(division));
      assertEquals(25, single(s.executeQuery("select count(*) from nation")));
      try (PreparedStatement p = c.prepareStatement("select count(*) from region where r_regionkey < ?")) {
        p.setInt(1, 3);
        assertEquals(3, single(p.executeQuery()));
      }
    }
  }

  @Test
  void withAuthClientsFetchResultsFromExecutorsThatCheckTheGatewaysToken() throws Exception {
    try (BufferAllocator allocator = new RootAllocator();
         FlightClient gateway = FlightClient.builder(allocator,
             Location.forGrpcInsecure("127.0.0.1", secured.gatewayPort())).build();
         FlightSqlClient sql = new FlightSqlClient(gateway)) {
      CredentialCallOption token = gateway.authenticateBasicToken(TestClusters.USER, TestClusters.PASSWORD)
          .orElseThrow();
      FlightInfo info = sql.execute("select count(*) from nation", token);
      FlightEndpoint endpoint = info.getEndpoints().get(0);
      Location location = endpoint.getLocations().get(0);
      assertTrue(secured.executors().stream().anyMatch(e -> e.port() == location.getUri().getPort()),
          location + " is an executor");
      try (FlightClient executor = FlightClient.builder(allocator, location).build()) {
        FlightRuntimeException refused = assertThrows(FlightRuntimeException.class, () -> {
          try (FlightStream stream = executor.getStream(endpoint.getTicket())) {
            stream.next();
          }
        });
        assertEquals(FlightStatusCode.UNAUTHENTICATED, refused.status().code());
        assertTrue(refused.getMessage().contains("needs a bearer token"), refused.getMessage());
        try (FlightStream stream = executor.getStream(endpoint.getTicket(), token)) {
          assertTrue(stream.next());
          assertEquals(25L, ((BigIntVector) stream.getRoot().getVector(0)).get(0));
        }
      }
    }
  }

  /** Stands for the JDBC type a driver gives intervals; see {@link Client#jdbcType}. */
  private static final int INTERVAL = Integer.MIN_VALUE;

  /** One value of a SQL type: how to write it in SQL, the JDBC type clients report and the value they read. */
  record TypedValue(String label, String sql, int jdbcType, Object expected) {}

  static final List<TypedValue> TYPED_VALUES = List.of(
      new TypedValue("b", "cast(true as boolean)", Types.BOOLEAN, true),
      new TypedValue("ti", "cast(-7 as tinyint)", Types.TINYINT, (byte) -7),
      new TypedValue("si", "cast(-300 as smallint)", Types.SMALLINT, (short) -300),
      new TypedValue("i", "cast(123456 as integer)", Types.INTEGER, 123456),
      new TypedValue("bi", "cast(9007199254740993 as bigint)", Types.BIGINT, 9007199254740993L),
      new TypedValue("d_small", "cast(123.45 as decimal(5, 2))", Types.DECIMAL, new BigDecimal("123.45")),
      new TypedValue("d_long", "cast(-1234567890123.456789 as decimal(18, 6))", Types.DECIMAL,
          new BigDecimal("-1234567890123.456789")),
      new TypedValue("d_38", "cast(12345678901234567890123456789.123456789 as decimal(38, 9))", Types.DECIMAL,
          new BigDecimal("12345678901234567890123456789.123456789")),
      new TypedValue("r", "cast(1.5 as real)", Types.REAL, 1.5f),
      new TypedValue("dbl", "cast(2.25 as double)", Types.DOUBLE, 2.25d),
      // Latin-1 only: the planner rejects literals outside ISO-8859-1 ("Failed to encode '世界' in character set
      // 'ISO-8859-1'"), an engine gap (Calcite's default charset), not a client one.
      new TypedValue("vc", "cast('héllo, wörld' as varchar(20))", Types.VARCHAR, "héllo, wörld"),
      new TypedValue("ch", "cast('ab' as char(4))", Types.VARCHAR, "ab  "),
      new TypedValue("dt", "date '2024-02-29'", Types.DATE, "2024-02-29"),
      new TypedValue("tm", "time '13:45:30'", Types.TIME, "13:45:30"),
      new TypedValue("ts", "timestamp '2024-02-29 13:45:30.123'", Types.TIMESTAMP, "2024-02-29 13:45:30.123"),
      new TypedValue("iday", "interval '3 04:05:06.789' day to second", INTERVAL, "PT76H5M6.789S"),
      // Arrow reads year-month intervals as a count of months: Period.ofMonths(14).
      new TypedValue("imonth", "interval '1-2' year to month", INTERVAL, "P14M"));

  @ParameterizedTest
  @MethodSource("clients")
  void roundTripsEverySqlTypeAndItsNull(Client client) throws SQLException {
    StringBuilder values = new StringBuilder("select ");
    StringBuilder nulls = new StringBuilder("select ");
    for (TypedValue v : TYPED_VALUES) {
      String separator = v == TYPED_VALUES.get(0) ? "" : ", ";
      values.append(separator).append(v.sql()).append(" as ").append(v.label());
      String type = v.sql().startsWith("cast(") ? v.sql().substring(v.sql().lastIndexOf(" as ") + 4, v.sql().length() - 1)
          : v.sql().startsWith("interval") ? "interval " + v.sql().substring(v.sql().lastIndexOf('\'') + 2)
          : v.sql().substring(0, v.sql().indexOf(' '));
      nulls.append(separator).append("cast(null as ").append(type).append(") as ").append(v.label());
    }
    try (Connection c = client.connect(); Statement s = c.createStatement()) {
      try (ResultSet rs = s.executeQuery(values.toString())) {
        ResultSetMetaData meta = rs.getMetaData();
        assertTrue(rs.next());
        for (int i = 0; i < TYPED_VALUES.size(); i++) {
          TypedValue v = TYPED_VALUES.get(i);
          int column = i + 1;
          assertEquals(v.label(), meta.getColumnLabel(column).toLowerCase());
          assertEquals(client.jdbcType(v), meta.getColumnType(column), v.label() + " type " + meta.getColumnTypeName(column));
          Object actual = switch (v.jdbcType()) {
            case Types.BOOLEAN -> rs.getBoolean(column);
            case Types.TINYINT -> rs.getByte(column);
            case Types.SMALLINT -> rs.getShort(column);
            case Types.INTEGER -> rs.getInt(column);
            case Types.BIGINT -> rs.getLong(column);
            case Types.DECIMAL -> rs.getBigDecimal(column);
            case Types.REAL -> rs.getFloat(column);
            case Types.DOUBLE -> rs.getDouble(column);
            case Types.DATE -> rs.getDate(column).toString();
            case Types.TIME -> rs.getTime(column).toString();
            case Types.TIMESTAMP -> rs.getTimestamp(column).toString();
            default -> String.valueOf(rs.getObject(column));
          };
          assertEquals(v.expected(), actual, v.label());
          assertFalse(rs.wasNull(), v.label());
          assertNotNull(rs.getObject(column), v.label());
        }
        assertFalse(rs.next());
      }
      try (ResultSet rs = s.executeQuery(nulls.toString())) {
        ResultSetMetaData meta = rs.getMetaData();
        assertTrue(rs.next());
        for (int i = 0; i < TYPED_VALUES.size(); i++) {
          TypedValue v = TYPED_VALUES.get(i);
          assertEquals(client.jdbcType(v), meta.getColumnType(i + 1), v.label() + " type of NULL");
          assertEquals(null, rs.getObject(i + 1), v.label());
          assertTrue(rs.wasNull(), v.label());
        }
      }
    }
  }

  static long single(ResultSet rs) throws SQLException {
    try (rs) {
      assertTrue(rs.next());
      long value = rs.getLong(1);
      assertFalse(rs.next());
      return value;
    }
  }

  static void drain(ResultSet rs) throws SQLException {
    try (rs) {
      int columns = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        for (int i = 1; i <= columns; i++) {
          rs.getObject(i);
        }
      }
    }
  }

  static List<List<Object>> rows(ResultSet rs, String... columns) throws SQLException {
    List<List<Object>> rows = new ArrayList<>();
    try (rs) {
      while (rs.next()) {
        List<Object> row = new ArrayList<>();
        for (String column : columns) {
          row.add(rs.getObject(column));
        }
        rows.add(row);
      }
    }
    return rows;
  }

  static String fullMessage(Throwable t) {
    StringBuilder text = new StringBuilder();
    for (Throwable cause = t; cause != null; cause = cause.getCause()) {
      text.append(cause.getMessage()).append(" / ");
    }
    return text.toString();
  }

  /** Exact for text and decimals (by value, so scale differences of equal numbers pass), close for doubles. */
  static void assertSameValue(Object expected, Object actual, String where) {
    if (expected instanceof Number e && actual instanceof Number a) {
      if (e instanceof Double || a instanceof Double || e instanceof Float || a instanceof Float) {
        assertEquals(e.doubleValue(), a.doubleValue(), Math.abs(e.doubleValue()) * 1e-12, where);
      } else {
        assertEquals(0, new BigDecimal(e.toString()).compareTo(new BigDecimal(a.toString())),
            where + ": " + e + " vs " + a);
      }
    } else {
      assertEquals(String.valueOf(expected), String.valueOf(actual), where);
    }
  }
}
