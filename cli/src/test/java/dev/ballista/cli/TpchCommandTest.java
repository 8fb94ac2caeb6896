package dev.ballista.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import dev.ballista.tpch.ExpectedResult;
import dev.ballista.tpch.TpchAnswers;
import dev.ballista.tpch.TpchParameters;
import dev.ballista.tpch.TpchQueries;
import dev.ballista.tpch.run.DuckDb;
import dev.ballista.tpch.run.QueryOutcome;
import dev.ballista.tpch.run.RunOptions;
import dev.ballista.tpch.run.RunReport;
import dev.ballista.tpch.run.RunResult;
import dev.ballista.tpch.run.TpchRunner;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code ballista tpch run} and {@code compare} against a real in-process cluster with TPC-H SF 0.01. */
class TpchCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  static Path dir;
  static Path data;
  static StandaloneCluster cluster;

  @BeforeAll
  static void start() throws Exception {
    data = TpchData.directory(dir, 0.01);
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
  void allQueriesRunAndMatchTheAnswersWithReportsWritten() throws Exception {
    Path json = dir.resolve("reports/run.json");
    Result r = execute("tpch", "run", "--url", cluster.jdbcUrl(), "--validate", "--out", json.toString());
    assertEquals(0, r.code, r.err);

    JsonNode report = JSON.readTree(json.toFile());
    assertEquals("tpch-run", report.get("kind").asText());
    assertTrue(report.get("machine").get("cores").asInt() > 0);
    assertTrue(report.get("machine").get("memoryBytes").asLong() > 0);
    assertTrue(report.get("machine").get("jvm").asText().contains(System.getProperty("java.runtime.version")));
    assertEquals(0.01, report.get("run").get("scaleFactor").asDouble());
    assertEquals(cluster.jdbcUrl(), report.get("run").get("url").asText());
    JsonNode queries = report.get("power").get("queries");
    assertEquals(22, queries.size());
    for (int q = 0; q < 22; q++) {
      JsonNode query = queries.get(q);
      assertEquals(q + 1, query.get("query").asInt());
      assertEquals("ok, matches answer", query.get("status").asText(), query.toString());
      assertTrue(query.get("minMs").asDouble() > 0, query.toString());
      assertEquals("match", query.get("runs").get(0).get("validation").asText());
    }
    assertEquals(22, report.get("power").get("total").get("queriesCounted").asInt());
    assertEquals(0, report.get("failures").asInt());

    String markdown = Files.readString(dir.resolve("reports/run.md"));
    assertTrue(markdown.startsWith("# TPC-H run, scale factor 0.01"), markdown);
    assertTrue(markdown.contains("| Cores | " + Runtime.getRuntime().availableProcessors() + " |"), markdown);
    assertTrue(markdown.contains("| Q22 |") && markdown.contains("| Total |"), markdown);
    assertTrue(r.out.matches("(?s).*Query  Rows +Min ms +Median ms +Max ms  Status.*"), r.out);
    assertTrue(r.out.contains("All queries succeeded."), r.out);
  }

  @Test
  void throughputRunWithTwoStreamsAndDrawnParameters() throws Exception {
    Path json = dir.resolve("throughput.json");
    Result r = execute("tpch", "run", "--url", cluster.jdbcUrl(), "--sf", "0.01", "--queries", "6,14",
        "--iterations", "2", "--streams", "2", "--seed", "5", "--out", json.toString());
    assertEquals(0, r.code, r.err);

    JsonNode report = JSON.readTree(json.toFile());
    for (JsonNode query : report.get("power").get("queries")) {
      assertEquals(2, query.get("runs").size());
      int number = query.get("query").asInt();
      assertEquals(new java.util.TreeMap<>(TpchParameters.draw(number, 5, 0.01)),
          JSON.convertValue(query.get("runs").get(0).get("parameters"), java.util.TreeMap.class));
    }
    JsonNode streams = report.get("throughput").get("streams");
    assertEquals(2, streams.size());
    for (int s = 0; s < 2; s++) {
      JsonNode stream = streams.get(s);
      assertEquals(s + 1, stream.get("stream").asInt());
      assertEquals(5 + s + 1, stream.get("seed").asLong());
      Set<Integer> order = new HashSet<>();
      stream.get("order").forEach(n -> order.add(n.asInt()));
      assertEquals(Set.of(6, 14), order);
      assertEquals(2, stream.get("queries").size());
      for (JsonNode q : stream.get("queries")) {
        assertTrue(q.get("error").isNull(), q.toString());
        assertEquals(new java.util.TreeMap<>(TpchParameters.draw(q.get("query").asInt(), 5 + s + 1, 0.01)),
            JSON.convertValue(q.get("parameters"), java.util.TreeMap.class));
      }
    }
    assertTrue(report.get("throughput").get("queriesPerHour").asLong() > 0);
    assertTrue(Files.readString(dir.resolve("throughput.md")).contains("## Throughput run"));
    assertTrue(r.out.contains("Throughput run: 2 streams"), r.out);
  }

  @Test
  void aWrongAnswerIsReportedAndTheRunGoesOn() throws Exception {
    // Q6's answer with one cent more: the engine's correct result must now be reported as a mismatch.
    ExpectedResult q6 = TpchAnswers.sf001(6);
    BigDecimal revenue = (BigDecimal) q6.rows().get(0).get(0);
    ExpectedResult wrong = new ExpectedResult(6, q6.columns(), q6.types(),
        List.of(List.of(revenue.add(new BigDecimal("0.01")))));
    RunOptions options = new RunOptions(0.01, List.of(6, 1), 1, true, 0, null);
    ByteArrayOutputStream progress = new ByteArrayOutputStream();
    RunResult result;
    try (HikariDataSource pool = TpchCommand.pool(cluster.jdbcUrl(), new Properties(), 1)) {
      result = new TpchRunner(pool, options, new PrintStream(progress, true, StandardCharsets.UTF_8))
          .withAnswers(q -> q == 6 ? Optional.of(wrong) : TpchAnswers.forScale(0.01, q))
          .run();
    }
    List<QueryOutcome> problems = result.problems();
    assertEquals(1, problems.size());
    assertEquals(6, problems.get(0).query());
    List<String> mismatches = problems.get(0).mismatches();
    assertEquals(1, mismatches.size(), mismatches.toString());
    assertTrue(mismatches.get(0).startsWith("row 1, revenue: expected " + revenue.add(new BigDecimal("0.01"))
        + ", got " + revenue.setScale(2, java.math.RoundingMode.DOWN)), mismatches.get(0));
    assertEquals("match", result.power().get(1).validation(), "Q1 after it still ran and matched");
    String text = new RunReport(result, dev.ballista.tpch.run.MachineInfo.current(), cluster.jdbcUrl()).text();
    assertTrue(text.contains("MISMATCH: row 1, revenue"), text);
    assertTrue(text.contains("1 failed or mismatched executions."), text);
  }

  @Test
  void clearErrorsForTheWrongScaleAnUnreachableServerAndMissingData() throws Exception {
    Result wrongScale = execute("tpch", "run", "--url", cluster.jdbcUrl(), "--sf", "1", "--queries", "6");
    assertEquals(1, wrongScale.code);
    assertTrue(wrongScale.err.contains("the server's TPC-H data is scale factor 0.01 (15000 orders), not 1"),
        wrongScale.err);

    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    Result unreachable = execute("tpch", "run", "--url", "jdbc:ballista://127.0.0.1:" + closedPort);
    assertEquals(1, unreachable.code);
    assertTrue(unreachable.err.contains("cannot reach jdbc:ballista://127.0.0.1:" + closedPort), unreachable.err);

    Result seededValidation = execute("tpch", "run", "--url", cluster.jdbcUrl(), "--validate", "--seed", "3",
        "--queries", "6", "--out", dir.resolve("unused.json").toString());
    assertEquals(1, seededValidation.code);
    assertTrue(seededValidation.err.contains("only for the default parameters"), seededValidation.err);

    Result noData = execute("tpch", "compare", "--sf", "0.01", "--data", dir.resolve("none").toString());
    assertEquals(1, noData.code);
    assertTrue(noData.err.contains("no TPC-H data set in") && noData.err.contains("./ballista tpch gen"),
        noData.err);
  }

  @Test
  void queryPrintsRunnableStatementsWithTheirParameters() throws Exception {
    Result r = execute("tpch", "query", "4,6");
    assertEquals(0, r.code, r.err);
    String expected = TpchQueries.query(4).sql() + ";\n" + TpchQueries.query(6).sql() + ";\n";
    assertEquals(expected.replace("\n", System.lineSeparator()), r.out);
    try (Connection c = java.sql.DriverManager.getConnection(cluster.jdbcUrl());
        Statement s = c.createStatement();
        ResultSet rows = s.executeQuery(r.out.substring(0, r.out.indexOf(';')))) {
      int count = 0;
      while (rows.next()) {
        count++;
      }
      assertEquals(5, count, "Q4 has one row per order priority");
    }
    Result drawn = execute("tpch", "query", "6", "--seed", "7", "--sf", "0.01");
    assertEquals(TpchQueries.query(6, TpchParameters.draw(6, 7, 0.01)).sql() + ";", drawn.out.strip());
    assertEquals(1, execute("tpch", "query", "23").code);
  }

  @Test
  void compareWithDuckDbStartsItsOwnClusterOverTheDataSet() throws Exception {
    Path json = dir.resolve("compare.json");
    Result r = execute("tpch", "compare", "--sf", "0.01", "--data", data.toString(), "--queries", "3,6",
        "--iterations", "1", "--out", json.toString());
    assertEquals(0, r.code, r.err);

    JsonNode report = JSON.readTree(json.toFile());
    assertEquals("tpch-compare", report.get("kind").asText());
    assertEquals(1, report.get("setup").get("iterations").asInt());
    assertTrue(report.get("setup").get("ours").asText().startsWith("in-process standalone cluster"));
    assertTrue(report.get("setup").get("duckdb").asText().startsWith("DuckDB v"));
    List<Integer> numbers = new ArrayList<>();
    for (JsonNode q : report.get("queries")) {
      numbers.add(q.get("query").asInt());
      assertTrue(q.get("ballistaMs").asDouble() > 0 && q.get("duckdbMs").asDouble() > 0, q.toString());
      double ratio = q.get("ballistaMs").asDouble() / q.get("duckdbMs").asDouble();
      assertEquals(ratio, q.get("ratio").asDouble(), ratio * 0.05, "ratio of the rounded times");
      assertEquals(q.get("duckdbRows").asLong(), q.get("ballistaRows").asLong());
      assertTrue(q.get("matchesDuckdb").asBoolean(), q.toString());
      assertTrue(q.get("matchesAnswer").asBoolean(), q.toString());
    }
    assertEquals(List.of(3, 6), numbers);
    assertEquals(2, report.get("correct").asInt());
    assertTrue(r.out.contains("Answers: 2 of 2 queries checked and correct."), r.out);
    assertTrue(report.get("total").get("ratio").asDouble() > 0);
    assertEquals(0, report.get("problems").asInt());
    String markdown = Files.readString(dir.resolve("compare.md"));
    assertTrue(markdown.startsWith("# TPC-H: Ballista vs DuckDB, scale factor 0.01"), markdown);
    assertTrue(markdown.contains("| Commit |") && markdown.contains("| Q03 |") && markdown.contains("| Geomean |"),
        markdown);
    assertTrue(r.out.matches("(?s).*Query +Ballista ms +DuckDB ms +Ratio +Rows.*"), r.out);
  }

  @Test
  void comparisonFlagsRowsThatDifferFromTheAnswerOrFromDuckDb() throws Exception {
    // Q6's answer moved by one cent: our rows still equal DuckDB's, but no longer the (altered) answer.
    ExpectedResult real = TpchAnswers.sf001(6);
    BigDecimal revenue = (BigDecimal) real.rows().get(0).get(0);
    ExpectedResult altered = new ExpectedResult(6, real.columns(), real.types(),
        List.of(List.of(revenue.add(new BigDecimal("0.01")))));
    try (Connection ours = java.sql.DriverManager.getConnection(cluster.jdbcUrl());
         Connection duckdb = DuckDb.open(data, 1)) {
      PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
      dev.ballista.tpch.run.EngineComparison.Line line = new dev.ballista.tpch.run.EngineComparison(ours, duckdb,
          List.of(6), 1, q -> Optional.of(altered), quiet).run().get(0);
      assertEquals(List.of(), line.differencesFromDuckdb());
      assertEquals(1, line.differencesFromAnswer().size(), line.toString());
      assertTrue(line.differencesFromAnswer().get(0).startsWith("row 1, revenue: expected " + revenue.add(
          new BigDecimal("0.01"))), line.toString());
      assertTrue(line.wrong());

      // Against DuckDB with a lineitem that lost rows, Q6's revenue differs from ours.
      try (Statement s = duckdb.createStatement()) {
        s.execute("create or replace view lineitem as select * from read_parquet('"
            + data.resolve("lineitem").resolve("*.parquet") + "') where l_orderkey % 2 = 0");
      }
      line = new dev.ballista.tpch.run.EngineComparison(ours, duckdb, List.of(6), 1, 0.01, quiet).run().get(0);
      assertEquals(List.of(), line.differencesFromAnswer());
      assertEquals(1, line.differencesFromDuckdb().size(), line.toString());
      assertTrue(line.wrong());
    }
  }

  @Test
  void duckDbOverTheSameFilesMatchesTheAnswersToo() throws Exception {
    // The files, the query texts (in DuckDB's dialect) and the SF 0.01 answers agree without our engine.
    try (Connection duckdb = DuckDb.open(data, 2); Statement s = duckdb.createStatement()) {
      for (int q = 1; q <= TpchQueries.COUNT; q++) {
        List<List<Object>> rows = new ArrayList<>();
        try (ResultSet rs = s.executeQuery(DuckDb.dialect(TpchQueries.query(q).sql()))) {
          while (rs.next()) {
            List<Object> row = new ArrayList<>();
            for (int c = 1; c <= rs.getMetaData().getColumnCount(); c++) {
              row.add(rs.getObject(c));
            }
            rows.add(row);
          }
        }
        assertEquals(List.of(), TpchAnswers.sf001(q).mismatches(rows), "Q" + q);
      }
    }
  }

  private record Result(int code, String out, String err) {}

  /** The command as Main runs it: one-line errors, exit codes. */
  private static Result execute(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream originalOut = System.out;
    PrintStream originalErr = System.err;
    int code;
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      CommandLine cli = new CommandLine(new Main());
      cli.setExecutionExceptionHandler((e, c, p) -> {
        System.err.println("error: " + e.getMessage());
        return 1;
      });
      code = cli.execute(args);
    } finally {
      System.setOut(originalOut);
      System.setErr(originalErr);
    }
    return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }
}
