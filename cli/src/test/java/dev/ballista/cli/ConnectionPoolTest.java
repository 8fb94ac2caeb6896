package dev.ballista.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.ballista.executor.Executor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A HikariCP pool of our driver under 16 concurrent clients, with auth on, then a check that the cluster holds
 * nothing for them any more: no prepared statements on the gateway, no running jobs, no Arrow memory on the
 * executors, and no result files once finished jobs expire.
 */
class ConnectionPoolTest {
  private static final int CLIENTS = 16;
  private static final int QUERIES_PER_CLIENT = 50;

  @TempDir
  static Path dir;
  static StandaloneCluster cluster;

  @BeforeAll
  static void start() throws Exception {
    Path data = TestClusters.tpchData(dir);
    StandaloneCluster.Options options = TestClusters.options(dir, "pool").withUsers(TestClusters.USERS);
    cluster = TestClusters.start(new StandaloneCluster.Options(options.host(), 0, 2, 2, 384L << 20,
        options.workDir(), -1, options.users(), null, null), data);
  }

  @AfterAll
  static void stop() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void sixteenClientsRunFiftyMixedQueriesEachAndLeaveNothingBehind() throws Exception {
    Map<Integer, Long> nationsPerRegion = new HashMap<>();
    Map<Integer, String> nationNames = new HashMap<>();
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(cluster.jdbcUrl());
    config.setUsername(TestClusters.USER);
    config.setPassword(TestClusters.PASSWORD);
    config.setMaximumPoolSize(CLIENTS);
    config.setPoolName("ballista-test");
    long started;
    long elapsedMillis;
    try (HikariDataSource pool = new HikariDataSource(config)) {
      try (Connection c = pool.getConnection(); Statement s = c.createStatement();
           ResultSet rs = s.executeQuery("select n_nationkey, n_regionkey, n_name from nation")) {
        while (rs.next()) {
          nationsPerRegion.merge(rs.getInt(2), 1L, Long::sum);
          nationNames.put(rs.getInt(1), rs.getString(3));
        }
      }
      assertEquals(25, nationNames.size());
      ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
      List<Future<Integer>> results = new ArrayList<>();
      started = System.nanoTime();
      for (int client = 0; client < CLIENTS; client++) {
        int id = client;
        results.add(clients.submit(() -> runClient(pool, id, nationsPerRegion, nationNames)));
      }
      int done = 0;
      for (Future<Integer> result : results) {
        done += result.get(5, TimeUnit.MINUTES);
      }
      elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
      clients.shutdown();
      assertEquals(CLIENTS * QUERIES_PER_CLIENT, done);
      System.out.printf("%d clients x %d mixed queries through HikariCP: %d ms (%.0f queries/s)%n", CLIENTS,
          QUERIES_PER_CLIENT, elapsedMillis, done * 1000.0 / elapsedMillis);

      // The pool keeps its connections, but they hold no statements or jobs on the cluster. Results stream, so a
      // client can read a job's last row just before the executor's report of its end reaches the scheduler.
      assertEquals(0, cluster.gateway().openPreparedStatements());
      eventually("every job has ended", () -> cluster.scheduler().activeJobIds().isEmpty());
    }
    eventually("executors release all Arrow memory",
        () -> cluster.executors().stream().allMatch(e -> e.allocatedBytes() == 0));
    eventually("the gateway releases all Arrow memory", () -> cluster.gateway().allocatedBytes() == 0);
    assertTrue(jobDirectories() > 0, "finished jobs keep their results until they expire");
    cluster.scheduler().expireFinishedJobsNow();
    eventually("executors delete the files of expired jobs", () -> jobDirectories() == 0);
  }

  /** One client: borrows a connection per query, as applications do, and checks every answer. */
  private static int runClient(HikariDataSource pool, int id, Map<Integer, Long> nationsPerRegion,
      Map<Integer, String> nationNames) throws SQLException {
    int done = 0;
    for (int q = 0; q < QUERIES_PER_CLIENT; q++) {
      int key = (id * QUERIES_PER_CLIENT + q) % 25;
      try (Connection c = pool.getConnection()) {
        switch (q % 5) {
          case 0 -> {
            try (Statement s = c.createStatement()) {
              assertEquals(nationsPerRegion.get(key % 5),
                  SqlClientsTest.single(s.executeQuery("select count(*) from nation where n_regionkey = " + key % 5)));
            }
          }
          case 1 -> {
            try (PreparedStatement p = c.prepareStatement("select n_name from nation where n_nationkey = ?")) {
              p.setInt(1, key);
              try (ResultSet rs = p.executeQuery()) {
                assertTrue(rs.next());
                assertEquals(nationNames.get(key), rs.getString(1));
              }
            }
          }
          case 2 -> {
            DatabaseMetaData md = c.getMetaData();
            assertEquals(1, SqlClientsTest.rows(md.getTables(null, null, "lineitem", null), "TABLE_NAME").size());
            assertEquals(3, SqlClientsTest.rows(md.getColumns(null, null, "region", "%"), "COLUMN_NAME").size());
          }
          case 3 -> {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "select l_returnflag, l_linestatus, count(*) from lineitem where l_shipdate <= date '1998-09-02' "
                    + "group by l_returnflag, l_linestatus order by l_returnflag, l_linestatus")) {
              int rows = 0;
              while (rs.next()) {
                rows++;
              }
              assertEquals(4, rows);
            }
          }
          default -> {
            try (PreparedStatement p = c.prepareStatement(
                "select count(*) from orders where o_custkey = ? and o_orderdate >= date '1995-01-01'")) {
              p.setLong(1, key + 1);
              assertTrue(SqlClientsTest.single(p.executeQuery()) >= 0);
            }
          }
        }
      }
      done++;
    }
    return done;
  }

  private static long jobDirectories() {
    long count = 0;
    for (Executor executor : cluster.executors()) {
      try (Stream<Path> jobs = Files.list(executor.jobsDir())) {
        count += jobs.count();
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }
    return count;
  }

  private static void eventually(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting until " + what);
      }
      Thread.sleep(50);
    }
  }
}
