package dev.ballista.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ballista.tpch.TpchQueries;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The whole path a user takes: standalone on free ports with TPC-H data, then our JDBC driver → Flight SQL gateway
 * → scheduler → executors → results streamed back from the executors.
 */
class StandaloneEndToEndTest {
  @TempDir
  static Path dir;
  static StandaloneCluster cluster;

  @BeforeAll
  static void start() throws Exception {
    Path data = TpchData.directory(dir, 0.01);
    TpchData.generate(data, 0.01, 2, false);
    cluster = StandaloneCluster.start(new StandaloneCluster.Options("127.0.0.1", 0, 2, 1, 512L << 20,
        dir.resolve("work")));
    cluster.registerParquetTables(data);
  }

  @AfterAll
  static void stop() throws Exception {
    cluster.close();
  }

  @Test
  void countThroughJdbc() throws Exception {
    try (Connection c = DriverManager.getConnection(cluster.jdbcUrl());
         Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("select count(*) from lineitem")) {
      assertTrue(rs.next());
      assertEquals(60175L, rs.getLong(1));
    }
  }

  @Test
  void tpchQ1ThroughJdbcMatchesTheEngineInProcessShape() throws Exception {
    String q1 = TpchQueries.query(1).sql();
    try (Connection c = DriverManager.getConnection(cluster.jdbcUrl());
         Statement s = c.createStatement();
         ResultSet rs = s.executeQuery(q1)) {
      assertEquals(10, rs.getMetaData().getColumnCount());
      List<List<Object>> rows = new ArrayList<>();
      while (rs.next()) {
        List<Object> row = new ArrayList<>();
        for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
          row.add(rs.getObject(i));
        }
        rows.add(row);
      }
      assertEquals(4, rows.size());
      assertEquals("A", rows.get(0).get(0));
      assertEquals("F", rows.get(0).get(1));
      assertTrue(rows.get(0).get(2) instanceof BigDecimal, "DECIMAL arrives as BigDecimal");
      long count = 0;
      for (List<Object> row : rows) {
        count += ((Number) row.get(9)).longValue();
      }
      // Every line item shipped by 1998-09-02 is counted once across the four groups.
      try (ResultSet check = s.executeQuery(
          "select count(*) from lineitem where l_shipdate <= date '1998-09-02'")) {
        check.next();
        assertEquals(check.getLong(1), count);
      }
    }
  }

  @Test
  void shuffleOutputStaysInMemoryAndIsReleasedWhenTheQueryCompletes() throws Exception {
    String sql = "select o_orderpriority, count(*) from orders join lineitem on o_orderkey = l_orderkey "
        + "group by o_orderpriority order by o_orderpriority";
    List<String> rows = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(cluster.jdbcUrl());
         Statement s = c.createStatement();
         ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        rows.add(rs.getString(1) + "=" + rs.getLong(2));
      }
      long lines = 0;
      for (String row : rows) {
        lines += Long.parseLong(row.substring(row.indexOf('=') + 1));
      }
      assertEquals(5, rows.size());
      assertEquals(60175L, lines);
    }
    // The shuffles between the stages went through memory: the work directories hold only result files, one
    // directory per job with the final stage's (highest) number.
    try (var files = java.nio.file.Files.walk(dir.resolve("work"))) {
      java.util.Map<String, java.util.Set<String>> stagesByJob = new java.util.HashMap<>();
      files.filter(f -> f.getFileName().toString().matches("data-\\d+\\.arrow")).forEach(f -> {
        Path stage = f.getParent().getParent();
        stagesByJob.computeIfAbsent(stage.getParent().getFileName().toString(), j -> new java.util.TreeSet<>())
            .add(stage.getFileName().toString());
      });
      stagesByJob.forEach((job, stages) -> assertEquals(1, stages.size(), job + " wrote files for stages " + stages));
    }
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
    while (cluster.memoryShuffle().heldBytes() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertEquals(0, cluster.memoryShuffle().heldBytes(), "completed queries hold no shuffle memory");
  }

  @Test
  void preparedStatementWithParameter() throws Exception {
    try (Connection c = DriverManager.getConnection(cluster.jdbcUrl());
         PreparedStatement p = c.prepareStatement("select count(*) from orders where o_orderkey < ?")) {
      p.setLong(1, 100);
      try (ResultSet rs = p.executeQuery()) {
        assertTrue(rs.next());
        long viaParameter = rs.getLong(1);
        try (Statement s = c.createStatement();
             ResultSet direct = s.executeQuery("select count(*) from orders where o_orderkey < 100")) {
          direct.next();
          assertEquals(direct.getLong(1), viaParameter);
        }
      }
    }
  }

  @Test
  void badQueryKeepsTheConnectionUsable() throws Exception {
    try (Connection c = DriverManager.getConnection(cluster.jdbcUrl()); Statement s = c.createStatement()) {
      SQLException e = assertThrows(SQLException.class, () -> s.executeQuery("select nope from lineitem"));
      assertTrue(e.getMessage().contains("nope"), e.getMessage());
      try (ResultSet rs = s.executeQuery("select count(*) from region")) {
        rs.next();
        assertEquals(5, rs.getLong(1));
      }
    }
  }

  @Test
  void sqlCommandPrintsTheCount() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream original = System.out;
    int code;
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      code = new CommandLine(new Main()).execute("sql", "--url", cluster.jdbcUrl(), "-e",
          "select count(*) from lineitem");
    } finally {
      System.setOut(original);
    }
    assertEquals(0, code);
    assertTrue(out.toString(StandardCharsets.UTF_8).contains("60175"), out.toString(StandardCharsets.UTF_8));
  }
}
