package dev.ballista.gateway;

import static dev.ballista.gateway.FakeScheduler.BROKEN;
import static dev.ballista.gateway.FakeScheduler.INSERT;
import static dev.ballista.gateway.FakeScheduler.MISSING_TABLE;
import static dev.ballista.gateway.FakeScheduler.NUMBERS;
import static dev.ballista.gateway.FakeScheduler.NUMBERS_ROWS;
import static dev.ballista.gateway.FakeScheduler.NUMBER_BY_N;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The gateway as the official Arrow Flight SQL JDBC driver (and so DBeaver) uses it. */
class JdbcDriverTest {
  private static GatewayHarness harness;
  private Connection connection;

  @BeforeAll
  static void startGateway() throws Exception {
    harness = GatewayHarness.start();
  }

  @AfterAll
  static void stopGateway() throws Exception {
    harness.close();
  }

  @BeforeEach
  void connect() throws SQLException {
    connection = DriverManager.getConnection(harness.jdbcUrl());
  }

  @AfterEach
  void disconnect() throws SQLException {
    connection.close();
  }

  @Test
  void describesTheServerAsDbeaverAsksOnConnect() throws SQLException {
    // DBeaver's first questions: session state, then the server's identity and dialect.
    assertTrue(connection.getAutoCommit());
    connection.getTransactionIsolation();
    DatabaseMetaData meta = connection.getMetaData();
    assertEquals("Ballista", meta.getDatabaseProductName());
    assertFalse(meta.getDatabaseProductVersion().isBlank());
    assertEquals("\"", meta.getIdentifierQuoteString());
    assertEquals("\\", meta.getSearchStringEscape());
    assertEquals("", meta.getExtraNameCharacters());
    // This driver joins list answers with ", ".
    assertTrue(List.of(meta.getSQLKeywords().split(", ")).contains("EXPLAIN"), meta.getSQLKeywords());
    assertEquals("", meta.getNumericFunctions());
    assertEquals("SUBSTRING", meta.getStringFunctions());
    assertEquals("", meta.getSystemFunctions());
    assertEquals("EXTRACT", meta.getTimeDateFunctions());
    assertEquals("schema", meta.getSchemaTerm());
    assertEquals("catalog", meta.getCatalogTerm());
    assertEquals("procedure", meta.getProcedureTerm());
    assertFalse(meta.isReadOnly());
    assertFalse(meta.supportsTransactions());
    assertEquals(Connection.TRANSACTION_NONE, meta.getDefaultTransactionIsolation());
    assertTrue(meta.supportsTransactionIsolationLevel(Connection.TRANSACTION_NONE));
    assertTrue(meta.supportsANSI92EntryLevelSQL());
    assertFalse(meta.supportsANSI92FullSQL());
    assertTrue(meta.supportsMinimumSQLGrammar());
    assertTrue(meta.supportsFullOuterJoins());
    assertTrue(meta.supportsGroupByUnrelated());
    assertTrue(meta.supportsUnionAll());
    assertTrue(meta.supportsSubqueriesInExists());
    assertTrue(meta.supportsCorrelatedSubqueries());
    assertTrue(meta.supportsColumnAliasing());
    assertTrue(meta.supportsConvert());
    assertTrue(meta.supportsConvert(Types.INTEGER, Types.VARCHAR));
    assertTrue(meta.supportsResultSetType(ResultSet.TYPE_FORWARD_ONLY));
    assertFalse(meta.supportsResultSetType(ResultSet.TYPE_SCROLL_SENSITIVE));
    assertFalse(meta.supportsSelectForUpdate());
    assertFalse(meta.supportsStoredProcedures());
    assertTrue(meta.supportsBatchUpdates());
    assertEquals(0, meta.getMaxColumnsInTable());
    assertEquals(0, meta.getMaxStatementLength());
    assertEquals(0, meta.getMaxConnections());
  }

  @Test
  void listsCatalogsSchemasAndTableTypes() throws SQLException {
    DatabaseMetaData meta = connection.getMetaData();
    assertEquals(List.of(List.of("ballista")), rows(meta.getCatalogs(), "TABLE_CAT"));
    assertEquals(List.of(List.of("empty_schema", "ballista"), List.of("public", "ballista"),
            List.of("tpch", "ballista")),
        rows(meta.getSchemas(), "TABLE_SCHEM", "TABLE_CATALOG"));
    assertEquals(List.of(List.of("tpch")), rows(meta.getSchemas("ballista", "tp%"), "TABLE_SCHEM"));
    assertEquals(List.of(List.of("SYSTEM TABLE"), List.of("TABLE"), List.of("VIEW")),
        rows(meta.getTableTypes(), "TABLE_TYPE"));
  }

  @Test
  void findsTablesByPatternHonouringTheSearchEscape() throws SQLException {
    DatabaseMetaData meta = connection.getMetaData();
    // Names sort by their UTF-8 bytes, so 'X' comes before '_'.
    assertEquals(List.of(
            List.of("ballista", "public", "numberXnames", "TABLE"),
            List.of("ballista", "public", "number_names", "VIEW"),
            List.of("ballista", "public", "numbers", "TABLE")),
        rows(meta.getTables(null, "public", "%", null),
            "TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME", "TABLE_TYPE"));
    assertEquals(List.of(List.of("numberXnames"), List.of("number_names")),
        rows(meta.getTables(null, null, "number_names", null), "TABLE_NAME"));
    assertEquals(List.of(List.of("number_names")),
        rows(meta.getTables(null, null, "number\\_names", null), "TABLE_NAME"));
    assertEquals(List.of(List.of("tpch", "lineitem"), List.of("tpch", "orders")),
        rows(meta.getTables("ballista", "tp_h", null, new String[] {"TABLE"}),
            "TABLE_SCHEM", "TABLE_NAME"));
    assertEquals(List.of(List.of("number_names")),
        rows(meta.getTables(null, null, null, new String[] {"VIEW"}), "TABLE_NAME"));
    assertEquals(List.of(), rows(meta.getTables("other_catalog", null, null, null), "TABLE_NAME"));
  }

  @Test
  void describesColumnsFromTheTableSchemas() throws SQLException {
    DatabaseMetaData meta = connection.getMetaData();
    assertEquals(List.of(
            List.of("numbers", "n", String.valueOf(Types.BIGINT), "NO"),
            List.of("numbers", "name", String.valueOf(Types.VARCHAR), "YES")),
        rows(meta.getColumns(null, "public", "numbers", "%"),
            "TABLE_NAME", "COLUMN_NAME", "DATA_TYPE", "IS_NULLABLE"));
    assertEquals(List.of(List.of("name")),
        rows(meta.getColumns(null, "public", "numbers", "na%"), "COLUMN_NAME"));
  }

  @Test
  void answersKeyAndTypeQuestionsWithoutFailing() throws SQLException {
    DatabaseMetaData meta = connection.getMetaData();
    assertEquals(List.of(), rows(meta.getPrimaryKeys(null, "public", "numbers"), "COLUMN_NAME"));
    assertEquals(List.of(), rows(meta.getImportedKeys(null, "public", "numbers"), "PKTABLE_NAME"));
    assertEquals(List.of(), rows(meta.getExportedKeys(null, "public", "numbers"), "FKTABLE_NAME"));
    try (ResultSet types = meta.getTypeInfo()) {
      assertNotNull(types.getMetaData());
    }
  }

  @Test
  void readsAQueryResultFromBothEndpointsInOrder() throws SQLException {
    List<List<String>> expected = new ArrayList<>();
    for (long n = 0; n < NUMBERS_ROWS; n++) {
      expected.add(List.of(String.valueOf(n), "name-" + n));
    }
    try (Statement statement = connection.createStatement()) {
      assertEquals(expected, rows(statement.executeQuery(NUMBERS), "n", "name"));
    }
  }

  @Test
  void bindsPreparedStatementParameters() throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(NUMBER_BY_N)) {
      assertEquals(1, statement.getParameterMetaData().getParameterCount());
      assertEquals(List.of("n", "name"), columnNames(statement.getMetaData()));
      statement.setLong(1, 7);
      assertEquals(List.of(List.of("7", "name-7")), rows(statement.executeQuery(), "n", "name"));
      statement.setLong(1, 9);
      assertEquals(List.of(List.of("9", "name-9")), rows(statement.executeQuery(), "n", "name"));
    }
    assertTrue(harness.scheduler.boundValues.containsAll(List.of(7L, 9L)));
  }

  @Test
  void reportsAUserErrorWithItsPositionAndKeepsTheConnectionUsable() throws SQLException {
    try (Statement statement = connection.createStatement()) {
      SQLException error = assertThrows(SQLException.class,
          () -> statement.executeQuery(MISSING_TABLE));
      assertTrue(fullMessage(error).contains("Object 'MISSING' not found (at line 1, column 15)"),
          fullMessage(error));
      assertEquals(NUMBERS_ROWS, rows(statement.executeQuery(NUMBERS), "n").size());
    }
  }

  @Test
  void reportsAFailedJobWithoutItsStackTrace() throws SQLException {
    try (Statement statement = connection.createStatement()) {
      SQLException error = assertThrows(SQLException.class, () -> statement.executeQuery(BROKEN));
      String message = fullMessage(error);
      assertTrue(message.contains("Internal error: Task 3 lost its executor"), message);
      assertFalse(message.contains("Scheduler.java"), message);
      assertEquals(NUMBERS_ROWS, rows(statement.executeQuery(NUMBERS), "n").size());
    }
  }

  @Test
  void runsUpdatesAndReportsTheirCount() throws SQLException {
    try (Statement statement = connection.createStatement()) {
      assertEquals(2, statement.executeUpdate(INSERT));
      assertFalse(statement.execute(INSERT));
      assertEquals(2, statement.getUpdateCount());
    }
    try (PreparedStatement statement = connection.prepareStatement(INSERT)) {
      assertEquals(2, statement.executeUpdate());
    }
  }

  /** The messages of an exception and its causes: the driver wraps the Flight error. */
  static String fullMessage(Throwable error) {
    StringBuilder message = new StringBuilder();
    for (Throwable t = error; t != null; t = t.getCause()) {
      message.append(t.getMessage()).append(" | ");
    }
    return message.toString();
  }

  private static List<String> columnNames(java.sql.ResultSetMetaData meta) throws SQLException {
    List<String> names = new ArrayList<>();
    for (int i = 1; i <= meta.getColumnCount(); i++) {
      names.add(meta.getColumnName(i));
    }
    return names;
  }

  static List<List<String>> rows(ResultSet resultSet, String... columns) throws SQLException {
    try (resultSet) {
      List<List<String>> rows = new ArrayList<>();
      while (resultSet.next()) {
        List<String> row = new ArrayList<>();
        for (String column : columns) {
          row.add(resultSet.getString(column));
        }
        rows.add(row);
      }
      return rows;
    }
  }
}
