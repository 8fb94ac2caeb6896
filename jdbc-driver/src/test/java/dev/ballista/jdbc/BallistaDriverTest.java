package dev.ballista.jdbc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.Date;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.Statement;
import java.sql.Time;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Drives the driver through java.sql against a real Flight SQL server holding fixed data. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BallistaDriverTest {
  private static FixtureFlightSqlServer server;
  private Connection connection;

  @BeforeAll
  static void startServer() throws Exception {
    server = new FixtureFlightSqlServer();
  }

  @AfterAll
  static void stopServer() throws Exception {
    server.close();
  }

  @BeforeEach
  void connect() throws SQLException {
    connection = DriverManager.getConnection(server.url(), credentials());
  }

  @AfterEach
  void disconnect() throws SQLException {
    connection.close();
  }

  private static Properties credentials() {
    Properties info = new Properties();
    info.setProperty("user", FixtureFlightSqlServer.USER);
    info.setProperty("password", FixtureFlightSqlServer.PASSWORD);
    return info;
  }

  @Test
  void readsEveryTypeAcrossBatchesAndEndpointsInOrder() throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery(FixtureFlightSqlServer.ALL_TYPES)) {
      assertTrue(rs.next());
      assertTrue(rs.getBoolean("b"));
      assertEquals(1, rs.getByte("i8"));
      assertEquals(2, rs.getShort("i16"));
      assertEquals(3, rs.getInt("i32"));
      assertEquals(4L, rs.getLong("i64"));
      assertEquals(1.5f, rs.getFloat("f32"));
      assertEquals(2.25, rs.getDouble("f64"));
      assertEquals(new BigDecimal("123.45"), rs.getBigDecimal("dec"));
      assertEquals("alpha", rs.getString("s"));
      assertEquals(Date.valueOf("2024-01-15"), rs.getDate("d"));
      assertEquals(LocalDate.of(2024, 1, 15), rs.getObject("d", LocalDate.class));
      assertEquals(Time.valueOf("13:45:30"), new Time(rs.getTime("t").getTime() / 1000 * 1000));
      assertEquals(LocalTime.of(13, 45, 30, 123_000_000), rs.getObject("t", LocalTime.class));
      assertEquals(Timestamp.valueOf("2024-01-15 13:45:30.123"), rs.getTimestamp("ts"));
      assertEquals(LocalDateTime.of(2024, 1, 15, 13, 45, 30, 123_000_000),
          rs.getObject("ts", LocalDateTime.class));
      assertEquals((short) 200, rs.getShort("u8"));
      assertInstanceOf(Integer.class, rs.getObject("i32"));
      assertInstanceOf(BigDecimal.class, rs.getObject("dec"));
      assertInstanceOf(Date.class, rs.getObject("d"));
      assertInstanceOf(Timestamp.class, rs.getObject("ts"));

      assertTrue(rs.next());
      assertFalse(rs.getBoolean("b"));
      assertFalse(rs.wasNull());
      assertEquals(-4L, rs.getLong("i64"));
      assertEquals(new BigDecimal("-0.01"), rs.getBigDecimal("dec"));
      assertEquals("βeta ☃", rs.getString("s"));
      assertEquals(LocalDate.of(1969, 12, 31), rs.getObject("d", LocalDate.class));
      assertEquals(Date.valueOf("1969-12-31"), rs.getDate("d"));
      assertEquals(LocalTime.MIDNIGHT, rs.getObject("t", LocalTime.class));
      assertEquals(Timestamp.valueOf("1969-12-31 23:59:59"), rs.getTimestamp("ts"));

      assertTrue(rs.next(), "second batch");
      assertEquals(Byte.MAX_VALUE, rs.getByte("i8"));
      assertEquals(Short.MIN_VALUE, rs.getShort("i16"));
      assertEquals(Integer.MAX_VALUE, rs.getInt("i32"));
      assertEquals(Long.MIN_VALUE, rs.getLong("i64"));
      assertEquals(Float.MAX_VALUE, rs.getFloat("f32"));
      assertEquals(Double.MIN_VALUE, rs.getDouble("f64"));
      assertEquals(new BigDecimal("99999999.99"), rs.getBigDecimal("dec"));
      assertEquals("", rs.getString("s"));
      assertEquals(LocalDate.of(2000, 2, 29), rs.getObject("d", LocalDate.class));
      assertEquals(LocalTime.of(23, 59, 59, 999_000_000), rs.getObject("t", LocalTime.class));
      assertEquals(255, rs.getInt("u8"));

      assertTrue(rs.next(), "second endpoint, fetched from its location");
      for (int column = 1; column <= rs.getMetaData().getColumnCount(); column++) {
        assertNull(rs.getObject(column), "column " + column);
        assertTrue(rs.wasNull());
      }
      assertFalse(rs.getBoolean("b"));
      assertEquals(0, rs.getInt("i32"));
      assertNull(rs.getBigDecimal("dec"));
      assertNull(rs.getString("s"));
      assertNull(rs.getDate("d"));
      assertNull(rs.getObject("d", LocalDate.class));
      assertNull(rs.getTimestamp("ts"));
      assertFalse(rs.next());
    }
  }

  @Test
  void describesColumnsFromTheArrowSchema() throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery(FixtureFlightSqlServer.ALL_TYPES)) {
      ResultSetMetaData md = rs.getMetaData();
      assertEquals(13, md.getColumnCount());
      int[] types = {Types.BOOLEAN, Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT,
          Types.REAL, Types.DOUBLE, Types.DECIMAL, Types.VARCHAR, Types.DATE, Types.TIME,
          Types.TIMESTAMP, Types.SMALLINT};
      List<String> names = new ArrayList<>();
      for (int i = 1; i <= md.getColumnCount(); i++) {
        assertEquals(types[i - 1], md.getColumnType(i), md.getColumnName(i));
        names.add(md.getColumnTypeName(i));
      }
      assertEquals(List.of("BOOLEAN", "TINYINT", "SMALLINT", "INTEGER", "BIGINT", "REAL",
          "DOUBLE", "DECIMAL", "VARCHAR", "DATE", "TIME", "TIMESTAMP", "SMALLINT"), names);
      assertEquals("dec", md.getColumnName(8));
      assertEquals(10, md.getPrecision(8));
      assertEquals(2, md.getScale(8));
      assertEquals(BigDecimal.class.getName(), md.getColumnClassName(8));
      assertEquals(6, md.getScale(12));
      assertEquals(ResultSetMetaData.columnNullable, md.isNullable(1));
      assertEquals(Date.class.getName(), md.getColumnClassName(10));
    }
  }

  @Test
  void streamsLargeResultsInFramesOfTheFetchSize() throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.setFetchSize(300);
      try (ResultSet rs = statement.executeQuery(FixtureFlightSqlServer.NUMBERS)) {
        long expected = 0;
        while (rs.next()) {
          assertEquals(expected++, rs.getLong(1));
        }
        assertEquals(FixtureFlightSqlServer.NUMBER_BATCHES
            * FixtureFlightSqlServer.NUMBERS_PER_BATCH, expected);
      }
    }
  }

  @Test
  void maxRowsStopsReadingEarly() throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.setMaxRows(1500);
      try (ResultSet rs = statement.executeQuery(FixtureFlightSqlServer.NUMBERS)) {
        int rows = 0;
        while (rs.next()) {
          rows++;
        }
        assertEquals(1500, rows);
      }
      statement.setMaxRows(0);
      try (ResultSet rs = statement.executeQuery(FixtureFlightSqlServer.NUMBERS)) {
        assertTrue(rs.next());
      }
    }
  }

  @Test
  void preparedStatementSendsParametersAsAnArrowBatch() throws SQLException {
    try (PreparedStatement statement =
        connection.prepareStatement(FixtureFlightSqlServer.PERSON_BY_ID)) {
      assertEquals(1, statement.getParameterMetaData().getParameterCount());
      assertEquals(Types.BIGINT, statement.getParameterMetaData().getParameterType(1));
      assertEquals(Types.VARCHAR, statement.getMetaData().getColumnType(1));

      statement.setLong(1, 42L);
      try (ResultSet rs = statement.executeQuery()) {
        assertTrue(rs.next());
        assertEquals("person-42", rs.getString("name"));
        assertFalse(rs.next());
      }
      statement.setInt(1, 7);
      try (ResultSet rs = statement.executeQuery()) {
        assertTrue(rs.next());
        assertEquals("person-7", rs.getString(1));
      }
    }
    assertTrue(server.boundIds.containsAll(List.of(42L, 7L)), server.boundIds.toString());
  }

  @Test
  void unsetParameterIsAClearError() throws SQLException {
    try (PreparedStatement statement =
        connection.prepareStatement(FixtureFlightSqlServer.PERSON_BY_ID)) {
      SQLException e = assertThrows(SQLException.class, statement::executeQuery);
      assertEquals("07001", e.getSQLState());
      assertEquals("Parameter 1 was not set", e.getMessage());
    }
  }

  @Test
  void ddlAndUpdatesReturnUpdateCounts() throws SQLException {
    try (Statement statement = connection.createStatement()) {
      assertFalse(statement.execute(FixtureFlightSqlServer.CREATE_TABLE));
      assertEquals(0, statement.getUpdateCount());
      assertNull(statement.getResultSet());
      assertEquals(3, statement.executeUpdate(FixtureFlightSqlServer.INSERT));
      assertTrue(statement.execute(FixtureFlightSqlServer.ALL_TYPES));
      assertTrue(statement.getResultSet().next());
    }
    try (PreparedStatement insert = connection.prepareStatement(FixtureFlightSqlServer.INSERT)) {
      assertEquals(3, insert.executeUpdate());
    }
  }

  @Test
  void serverErrorsKeepTheirMessageAndLeaveTheConnectionUsable() throws SQLException {
    try (Statement statement = connection.createStatement()) {
      SQLException notFound = assertThrows(SQLException.class,
          () -> statement.executeQuery("SELECT * FROM missing"));
      assertEquals("42S02", notFound.getSQLState());
      assertEquals("Table 'missing' not found", notFound.getMessage());

      SQLException syntax = assertThrows(SQLException.class,
          () -> connection.prepareStatement("SELEC 1"));
      assertEquals("42000", syntax.getSQLState());
      assertEquals("Syntax error at: SELEC 1", syntax.getMessage());

      try (ResultSet rs = statement.executeQuery(FixtureFlightSqlServer.ALL_TYPES)) {
        assertTrue(rs.next());
      }
    }
    assertTrue(connection.isValid(5));
  }

  @Test
  void wrongPasswordIsAnAuthenticationError() {
    Properties info = credentials();
    info.setProperty("password", "wrong");
    SQLException e = assertThrows(SQLException.class,
        () -> DriverManager.getConnection(server.url(), info));
    assertEquals("28000", e.getSQLState());
  }

  @Test
  void unreachableServerIsAConnectionError() throws Exception {
    int freePort;
    try (var socket = new java.net.ServerSocket(0)) {
      freePort = socket.getLocalPort();
    }
    Properties info = credentials();
    SQLException e = assertThrows(SQLException.class,
        () -> DriverManager.getConnection("jdbc:ballista://127.0.0.1:" + freePort, info));
    assertEquals("08001", e.getSQLState());
  }

  @Test
  void cancelStopsTheStreamAndTellsTheServer() throws Exception {
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery(FixtureFlightSqlServer.SLOW)) {
      // Avatica looks one frame ahead when it hands out the last row of a frame, so the last
      // row of the batch is the read that waits for the stream the server holds open.
      for (int i = 0; i < FixtureFlightSqlServer.NUMBERS_PER_BATCH - 1; i++) {
        assertTrue(rs.next());
      }
      CompletableFuture<Void> cancel = CompletableFuture.runAsync(() -> {
        try {
          Thread.sleep(200);
          statement.cancel();
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
      SQLException e = assertThrows(SQLException.class, rs::next);
      assertEquals("HY008", e.getSQLState());
      cancel.get(10, TimeUnit.SECONDS);
    }
    assertTrue(server.slowStreamCancelled.await(10, TimeUnit.SECONDS));
    assertTrue(server.cancelRequests.get() > 0);
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery(FixtureFlightSqlServer.ALL_TYPES)) {
      assertTrue(rs.next());
    }
  }

  @Test
  void queryTimeoutEndsALongQuery() throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.setQueryTimeout(1);
      long start = System.nanoTime();
      SQLException e = assertThrows(SQLException.class, () -> {
        try (ResultSet rs = statement.executeQuery(FixtureFlightSqlServer.SLOW)) {
          while (rs.next()) {
            // Reads until the deadline ends the stream.
          }
        }
      });
      assertInstanceOf(SQLTimeoutException.class, e);
      assertEquals("HYT00", e.getSQLState());
      assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(10));
    }
  }

  @Test
  void databaseMetaDataComesFromFlightSql() throws SQLException {
    DatabaseMetaData md = connection.getMetaData();
    assertEquals("Ballista Fixture", md.getDatabaseProductName());
    assertEquals("2.7.1", md.getDatabaseProductVersion());
    assertEquals(2, md.getDatabaseMajorVersion());
    assertEquals(7, md.getDatabaseMinorVersion());
    assertEquals("Ballista JDBC Driver", md.getDriverName());
    assertEquals("`", md.getIdentifierQuoteString());
    assertEquals("\\", md.getSearchStringEscape());
    assertEquals("LIMIT,QUALIFY", md.getSQLKeywords());
    assertEquals("ABS,ROUND", md.getNumericFunctions());
    assertEquals("LOWER,UPPER", md.getStringFunctions());
    assertEquals("NOW", md.getTimeDateFunctions());
    assertFalse(md.isReadOnly());

    assertEquals(List.of("ballista"), column(md.getCatalogs(), "TABLE_CAT"));
    assertEquals(List.of("public", "tpch"), column(md.getSchemas(), "TABLE_SCHEM"));
    assertEquals(List.of("tpch"), column(md.getSchemas("ballista", "tp%"), "TABLE_SCHEM"));
    assertEquals(List.of("TABLE", "VIEW"), column(md.getTableTypes(), "TABLE_TYPE"));

    try (ResultSet tables = md.getTables(null, "tpch", "%", null)) {
      assertTrue(tables.next());
      assertEquals("ballista", tables.getString("TABLE_CAT"));
      assertEquals("tpch", tables.getString("TABLE_SCHEM"));
      assertEquals("lineitem", tables.getString("TABLE_NAME"));
      assertEquals("TABLE", tables.getString("TABLE_TYPE"));
      assertNull(tables.getString("REMARKS"));
      assertFalse(tables.next());
    }

    try (ResultSet columns = md.getColumns(null, "tpch", "lineitem", "l\\_%")) {
      assertEquals(List.of("l_orderkey", "l_quantity", "l_comment", "l_shipdate"),
          column(columns, "COLUMN_NAME"));
    }
    try (ResultSet columns = md.getColumns(null, "tpch", "lineitem", "l_q%")) {
      assertTrue(columns.next());
      assertEquals("l_quantity", columns.getString("COLUMN_NAME"));
      assertEquals(Types.DECIMAL, columns.getInt("DATA_TYPE"));
      assertEquals("DECIMAL", columns.getString("TYPE_NAME"));
      assertEquals(15, columns.getInt("COLUMN_SIZE"));
      assertEquals(2, columns.getInt("DECIMAL_DIGITS"));
      assertEquals(2, columns.getInt("ORDINAL_POSITION"));
      assertEquals("YES", columns.getString("IS_NULLABLE"));
      assertFalse(columns.next());
    }
    try (ResultSet columns = md.getColumns(null, null, "lineitem", "l_orderkey")) {
      assertTrue(columns.next());
      assertEquals(Types.BIGINT, columns.getInt("DATA_TYPE"));
      assertEquals(DatabaseMetaData.columnNoNulls, columns.getInt("NULLABLE"));
      assertEquals("NO", columns.getString("IS_NULLABLE"));
    }

    try (ResultSet keys = md.getPrimaryKeys(null, "tpch", "lineitem")) {
      assertEquals("PK_NAME", keys.getMetaData().getColumnName(6));
      assertFalse(keys.next());
    }
    try (ResultSet keys = md.getImportedKeys(null, "tpch", "lineitem")) {
      assertEquals(14, keys.getMetaData().getColumnCount());
      assertFalse(keys.next());
    }
    List<String> typeNames = column(md.getTypeInfo(), "TYPE_NAME");
    assertTrue(typeNames.containsAll(List.of("BOOLEAN", "BIGINT", "DECIMAL", "VARCHAR", "DATE",
        "TIMESTAMP")), typeNames.toString());
  }

  @Test
  void forwardsUnknownPropertiesAsHeadersAndSendsTheSchema() throws SQLException {
    try (Connection tenant = DriverManager.getConnection(
        server.url() + "/tpch?x-tenant=acme", credentials())) {
      assertEquals("tpch", tenant.getSchema());
      try (Statement statement = tenant.createStatement();
          ResultSet rs = statement.executeQuery(FixtureFlightSqlServer.ALL_TYPES)) {
        assertTrue(rs.next());
      }
    }
    assertTrue(server.tenantHeaders.contains("acme"));
    assertTrue(server.sessionSchemas.contains("tpch"));
  }

  @Test
  void closingTheConnectionClosesServerSidePreparedStatements() throws SQLException {
    int before = server.openPreparedStatements.get();
    try (Connection other = DriverManager.getConnection(server.url(), credentials())) {
      other.prepareStatement(FixtureFlightSqlServer.PERSON_BY_ID);
      other.prepareStatement(FixtureFlightSqlServer.ALL_TYPES).executeQuery().next();
      assertTrue(server.openPreparedStatements.get() >= before + 2);
    }
    assertEquals(before, server.openPreparedStatements.get());
  }

  @Test
  void plainQueriesRunInOneCallWithoutAPreparedStatement() throws SQLException {
    int prepared = server.openPreparedStatements.get();
    int direct = server.directQueries.get();
    try (Statement statement = connection.createStatement();
         ResultSet rs = statement.executeQuery(FixtureFlightSqlServer.ALL_TYPES)) {
      assertTrue(rs.next());
      assertEquals(prepared, server.openPreparedStatements.get(), "no prepared statement for a plain query");
    }
    assertEquals(direct + 1, server.directQueries.get());
    try (Statement statement = connection.createStatement()) {
      // Updates and DDL still go through a prepared statement, whose DoPut answers the count.
      assertEquals(3, statement.executeUpdate(FixtureFlightSqlServer.INSERT));
    }
    assertEquals(direct + 1, server.directQueries.get());
  }

  @Test
  void closedConnectionIsNotValid() throws SQLException {
    Connection other = DriverManager.getConnection(server.url(), credentials());
    assertTrue(other.isValid(5));
    other.close();
    assertFalse(other.isValid(5));
    assertTrue(other.isClosed());
  }

  @Test
  void binaryAndPrimitiveGettersConvertWithinAFamily() throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery(FixtureFlightSqlServer.ALL_TYPES)) {
      assertTrue(rs.next());
      assertEquals("3", rs.getString("i32"));
      assertEquals(3L, rs.getLong("i32"));
      assertEquals(new BigDecimal("123.45"), rs.getObject("dec", BigDecimal.class));
      assertEquals(123.45, rs.getDouble("dec"));
      assertEquals(Integer.valueOf(3), rs.getObject("i32", Integer.class));
      assertEquals("2024-01-15", rs.getString("d"));
      assertArrayEquals("alpha".getBytes(java.nio.charset.StandardCharsets.UTF_8),
          rs.getString("s").getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
  }

  private static List<String> column(ResultSet rs, String name) throws SQLException {
    List<String> values = new ArrayList<>();
    try (rs) {
      while (rs.next()) {
        values.add(rs.getString(name));
      }
    }
    return values;
  }
}
