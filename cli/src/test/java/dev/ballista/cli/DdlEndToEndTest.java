package dev.ballista.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.dataset.file.FileFormat;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tables made with SQL, the way a user of the JDBC driver does it: a standalone cluster with no tables, CREATE
 * EXTERNAL TABLE over a Parquet file and a CSV file written by the test, queries joining them, a schema and a
 * view, SHOW and DESCRIBE, and the errors for the usual mistakes.
 */
class DdlEndToEndTest {
  @TempDir
  static Path dir;
  static StandaloneCluster cluster;
  static Path parquet;
  static Path csv;
  static BufferAllocator writerAllocator;

  @BeforeAll
  static void start() throws Exception {
    writerAllocator = new RootAllocator();
    parquet = dir.resolve("orders");
    writeOrders(parquet);
    csv = Files.createDirectories(dir.resolve("customers")).resolve("customers.csv");
    Files.writeString(csv, "id|name|city\n1|Ann|Oslo\n2|Bob|Lyon\n3|Cid|Oslo\n");
    cluster = StandaloneCluster.start(new StandaloneCluster.Options("127.0.0.1", 0, 2, 1, 256L << 20,
        dir.resolve("work")));
  }

  @AfterAll
  static void stop() throws Exception {
    cluster.close();
    writerAllocator.close();
  }

  @Test
  void createQueryShowDescribeDrop() throws Exception {
    try (Connection c = DriverManager.getConnection(cluster.jdbcUrl()); Statement s = c.createStatement()) {
      assertEquals(0, s.executeUpdate("CREATE EXTERNAL TABLE orders STORED AS PARQUET LOCATION '" + parquet + "'"));
      assertFalse(s.execute("create external table customers stored as csv location '" + csv
          + "' options (delimiter '|')"), "DDL has no result set");
      assertEquals(0, s.getUpdateCount());

      assertEquals(List.of(List.of("Ann", 2L, 350L), List.of("Bob", 1L, 70L), List.of("Cid", 1L, 5L)),
          rows(s, "select c.name, count(*), sum(o.amount) from orders o join customers c on o.customer_id = c.id "
              + "group by c.name order by c.name"));

      assertEquals(List.of(List.of("customers", "TABLE"), List.of("orders", "TABLE")), rows(s, "show tables"));
      try (ResultSet rs = s.executeQuery("describe customers")) {
        ResultSetMetaData meta = rs.getMetaData();
        assertEquals(List.of("column_name", "data_type", "is_nullable"),
            List.of(meta.getColumnName(1), meta.getColumnName(2), meta.getColumnName(3)));
      }
      assertEquals(List.of(List.of("id", "BIGINT", "YES"), List.of("name", "VARCHAR", "YES"),
          List.of("city", "VARCHAR", "YES")), rows(s, "describe customers"));
      try (ResultSet tables = c.getMetaData().getTables(null, null, "orders", null)) {
        assertTrue(tables.next(), "the driver's metadata sees the new table");
      }

      SQLException exists = assertThrows(SQLException.class, () -> s.executeUpdate(
          "create external table orders stored as parquet location '" + parquet + "'"));
      assertTrue(exists.getMessage().contains("table public.orders already exists"), exists.getMessage());
      SQLException missing = assertThrows(SQLException.class, () -> s.executeUpdate("drop table nope"));
      assertTrue(missing.getMessage().contains("table public.nope does not exist"), missing.getMessage());
      SQLException format = assertThrows(SQLException.class, () -> s.execute(
          "create external table t stored as json location '" + csv + "'"));
      assertTrue(format.getMessage().contains("unknown file format json"), format.getMessage());

      // A view in a new schema, over both tables; the session's schema (public) resolves its names.
      assertFalse(s.execute("create schema reports"));
      assertEquals(0, s.executeUpdate("create view reports.big_spenders as select c.name, sum(o.amount) as total "
          + "from orders o join customers c on o.customer_id = c.id group by c.name having sum(o.amount) > 50"));
      assertEquals(List.of(List.of("Ann", 350L), List.of("Bob", 70L)),
          rows(s, "select * from reports.big_spenders order by total desc"));
      assertEquals(List.of(List.of("big_spenders", "VIEW")), rows(s, "show tables from reports"));
      assertTrue(rows(s, "show schemas").containsAll(List.of(List.of("public"), List.of("reports"))));
      assertEquals(List.of(List.of("name", "VARCHAR", "YES"), List.of("total", "BIGINT", "YES")),
          rows(s, "describe reports.big_spenders"));
      try (ResultSet views = c.getMetaData().getTables(null, "reports", "%", new String[] {"VIEW"})) {
        assertTrue(views.next(), "the driver's metadata lists the view");
        assertEquals("big_spenders", views.getString("TABLE_NAME"));
      }
      assertEquals(0, s.executeUpdate("create or replace view reports.big_spenders as select 1 as x"));
      assertEquals(List.of(List.of(1)), rows(s, "select * from reports.big_spenders"));
      assertEquals(0, s.executeUpdate("drop view reports.big_spenders"));

      assertEquals(0, s.executeUpdate("drop table customers"));
      assertEquals(List.of(List.of("orders", "TABLE")), rows(s, "show tables"));
      assertEquals(0, s.executeUpdate("drop table if exists customers"));
    }
  }

  @Test
  void theOfficialFlightSqlDriverRunsDdlAsUpdates() throws Exception {
    String url = "jdbc:arrow-flight-sql://127.0.0.1:" + cluster.gatewayPort() + "?useEncryption=false";
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
      assertEquals(0, s.executeUpdate("create external table official_orders stored as parquet location '"
          + parquet + "'"));
      try (ResultSet rs = s.executeQuery("select count(*) from official_orders")) {
        assertTrue(rs.next());
        assertEquals(4L, rs.getLong(1));
      }
      try (ResultSet rs = s.executeQuery("describe official_orders")) {
        assertTrue(rs.next());
        assertEquals("id", rs.getString("column_name"));
      }
      assertFalse(s.execute("drop table official_orders"));
    }
  }

  @Test
  void theSqlShellRunsAScriptOfDdlAndQueries() throws Exception {
    Path script = dir.resolve("script.sql");
    Files.writeString(script, "create schema if not exists scratch;\n"
        + "create external table scratch.o stored as parquet location '" + parquet + "';\n"
        + "create view scratch.v as select customer_id, count(*) as n from scratch.o group by customer_id;\n"
        + "show tables from scratch;\n"
        + "select n from scratch.v where customer_id = 1;\n"
        + "drop view scratch.v;\n"
        + "drop table scratch.o;\n");
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    java.io.PrintStream original = System.out;
    int code;
    try {
      System.setOut(new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8));
      code = new picocli.CommandLine(new Main()).execute("sql", "--url", cluster.jdbcUrl(), "-f",
          script.toString());
    } finally {
      System.setOut(original);
    }
    String printed = out.toString(java.nio.charset.StandardCharsets.UTF_8);
    assertEquals(0, code, printed);
    List<String> lines = printed.lines().map(String::strip).toList();
    assertTrue(lines.stream().anyMatch(l -> l.matches("o\\s*\\|\\s*TABLE")), printed);
    assertTrue(lines.stream().anyMatch(l -> l.matches("v\\s*\\|\\s*VIEW")), printed);
    int n = lines.indexOf("n");
    assertTrue(n >= 0 && lines.get(n + 2).equals("2"), "customer 1 has two orders:\n" + printed);
  }

  private static List<List<Object>> rows(Statement s, String sql) throws SQLException {
    List<List<Object>> rows = new ArrayList<>();
    try (ResultSet rs = s.executeQuery(sql)) {
      int columns = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        List<Object> row = new ArrayList<>();
        for (int i = 1; i <= columns; i++) {
          row.add(rs.getObject(i));
        }
        rows.add(row);
      }
    }
    return rows;
  }

  /** orders(id, customer_id, amount) as one Parquet file: customer 1 has two orders, 2 and 3 one each. */
  private static void writeOrders(Path location) throws IOException {
    ArrowType bigint = new ArrowType.Int(64, true);
    Schema schema = new Schema(List.of(Field.nullable("id", bigint), Field.nullable("customer_id", bigint),
        Field.nullable("amount", bigint), Field.nullable("note", ArrowType.Utf8.INSTANCE)));
    long[][] rows = {{10, 1, 300}, {11, 1, 50}, {12, 2, 70}, {13, 3, 5}};
    // Arrow Dataset's writer hands its last buffers back after write() returns: the allocator outlives it.
    BufferAllocator allocator = writerAllocator;
    try (VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator)) {
      root.allocateNew();
      for (int r = 0; r < rows.length; r++) {
        for (int c = 0; c < 3; c++) {
          ((BigIntVector) root.getVector(c)).setSafe(r, rows[r][c]);
        }
        ((VarCharVector) root.getVector(3)).setSafe(r, ("order " + r).getBytes(java.nio.charset.StandardCharsets.UTF_8));
      }
      root.setRowCount(rows.length);
      dev.ballista.engine.DatasetFiles.write(allocator, root, FileFormat.PARQUET, location, "data-{i}.parquet");
    }
  }
}
