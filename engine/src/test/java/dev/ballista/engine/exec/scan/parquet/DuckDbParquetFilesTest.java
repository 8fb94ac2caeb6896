package dev.ballista.engine.exec.scan.parquet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ballista.engine.exec.Batch;
import dev.ballista.engine.exec.TaskContext;
import dev.ballista.engine.exec.scan.ScanPredicate;
import dev.ballista.engine.exec.scan.ScanInPredicate;
import dev.ballista.engine.expr.ComparisonExpr.Op;
import dev.ballista.engine.expr.ValueReader;
import dev.ballista.engine.types.DataType;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.parquet.format.ColumnChunk;
import org.apache.parquet.format.CompressionCodec;
import org.apache.parquet.format.FieldRepetitionType;
import org.apache.parquet.format.FileMetaData;
import org.apache.parquet.format.Type;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Java Parquet reader against files DuckDB writes (as `ballista tpch gen` does): required and optional
 * columns, DECIMAL as INT32 and INT64, several row groups, and each codec the reader decodes.
 */
class DuckDbParquetFilesTest {
  static final int ROWS = 70_000;

  @TempDir
  static Path dir;

  /** A column: name, engine type, DuckDB DDL type, the SQL of its value in row i, and that value in Java. */
  record Col(String name, DataType type, String ddl, String sql, IntFunction<Object> value) {}

  static final List<Col> COLUMNS = List.of(
      new Col("id", DataType.BIGINT, "BIGINT NOT NULL", "i", i -> (long) i),
      new Col("maybe", DataType.BIGINT, "BIGINT", "CASE WHEN i % 7 = 0 THEN NULL ELSE i * 3 - 100000 END",
          i -> i % 7 == 0 ? null : i * 3L - 100_000),
      new Col("k", DataType.INTEGER, "INTEGER NOT NULL", "i % 100 - 50", i -> i % 100 - 50),
      new Col("x", DataType.DOUBLE, "DOUBLE", "CASE WHEN i % 11 = 0 THEN NULL ELSE i / 4.0 END",
          i -> i % 11 == 0 ? null : i / 4.0),
      new Col("d", DataType.DATE, "DATE NOT NULL", "DATE '2020-01-01' + CAST(i % 400 AS INTEGER)",
          i -> LocalDate.of(2020, 1, 1).plusDays(i % 400)),
      new Col("small", DataType.decimal(9, 2), "DECIMAL(9, 2)",
          "CASE WHEN i % 13 = 0 THEN NULL ELSE CAST(CAST(i * 37 - 100000 AS DECIMAL(18, 2)) * 0.01 AS DECIMAL(9, 2)) END",
          i -> i % 13 == 0 ? null : BigDecimal.valueOf(i * 37L - 100_000, 2)),
      new Col("amount", DataType.decimal(15, 2), "DECIMAL(15, 2) NOT NULL",
          "CAST(CAST(i * 41 - 7 AS DECIMAL(18, 2)) * 0.01 AS DECIMAL(15, 2))",
          i -> BigDecimal.valueOf(i * 41L - 7, 2)),
      new Col("tag", DataType.VARCHAR, "VARCHAR",
          "CASE WHEN i % 5 = 0 THEN NULL ELSE 'tag-' || (i % 17) || CASE WHEN i % 3 = 0 THEN 'é' ELSE '' END END",
          i -> i % 5 == 0 ? null : "tag-" + i % 17 + (i % 3 == 0 ? "é" : "")),
      new Col("note", DataType.VARCHAR, "VARCHAR NOT NULL",
          "CASE WHEN i % 9 = 4 THEN '' ELSE 'note ' || i || ' ' || repeat('x', CAST(i % 20 AS INTEGER)) END",
          i -> i % 9 == 4 ? "" : "note " + i + " " + "x".repeat(i % 20)),
      new Col("mode", DataType.VARCHAR, "VARCHAR NOT NULL", "'mode-' || (i % 7)", i -> "mode-" + i % 7));

  @BeforeAll
  static void write() throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
      List<String> ddl = new ArrayList<>();
      List<String> values = new ArrayList<>();
      for (Col col : COLUMNS) {
        ddl.add(col.name() + " " + col.ddl());
        values.add(col.sql());
      }
      s.execute("CREATE TABLE t (" + String.join(", ", ddl) + ")");
      s.execute("INSERT INTO t SELECT " + String.join(", ", values) + " FROM range(0, " + ROWS + ") r(i)");
      for (String codec : List.of("uncompressed", "snappy", "zstd", "gzip")) {
        s.execute("COPY t TO '" + file(codec) + "' (FORMAT PARQUET, COMPRESSION '" + codec
            + "', ROW_GROUP_SIZE 20480)");
      }
    }
  }

  private static Path file(String codec) {
    return dir.resolve(codec + ".parquet");
  }

  @ParameterizedTest
  @ValueSource(strings = {"uncompressed", "snappy", "zstd", "gzip"})
  void everyValueComesBackAsWritten(String codec) throws IOException {
    Path file = file(codec);
    try (FileChannel channel = FileChannel.open(file)) {
      FileMetaData footer = ParquetFileScan.readFooter(file, channel);
      assertTrue(footer.getRow_groupsSize() > 1, "several row groups");
      for (ColumnChunk chunk : footer.getRow_groups().get(0).getColumns()) {
        assertEquals(CompressionCodec.valueOf(codec.toUpperCase(java.util.Locale.ROOT)),
            chunk.getMeta_data().getCodec());
      }
      assertEquals(FieldRepetitionType.REQUIRED, footer.getSchema().get(1).getRepetition_type());
      assertEquals(Type.INT32, footer.getSchema().get(6).getType()); // small: DECIMAL(9, 2)
      assertEquals(Type.INT64, footer.getSchema().get(7).getType()); // amount: DECIMAL(15, 2)
    }
    List<Integer> rows = read(file, List.of(), 5000);
    assertEquals(ROWS, rows.size());
    for (int r = 0; r < ROWS; r++) {
      assertEquals(r, rows.get(r));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"uncompressed", "zstd"})
  void rowGroupsThatCannotMatchAreNotRead(String codec) throws IOException {
    List<Integer> rows = read(file(codec), List.of(new ScanPredicate(0, Op.GE, 60_000)), 4096);
    assertTrue(rows.size() < ROWS && rows.size() >= 10_000, rows.size() + " rows read");
    assertEquals(ROWS - 1, rows.get(rows.size() - 1));
    assertTrue(rows.contains(60_000));
  }

  @ParameterizedTest
  @ValueSource(strings = {"uncompressed", "zstd"})
  void rowsFailingPushedPredicatesAreDroppedAndEveryMatchIsKept(String codec) throws IOException {
    Path file = file(codec);
    int mode = 9;
    int tag = 7;
    int note = 8;
    // Text without nulls, dictionary-encoded: decided per dictionary entry.
    assertReadsExactly(file, List.of(), List.of(new ScanInPredicate(mode, List.of("mode-1", "mode-4"))),
        i -> i % 7 == 1 || i % 7 == 4);
    // With an integer comparison, and two lists on one column (a value must be in both).
    assertReadsExactly(file, List.of(new ScanPredicate(2, Op.LT, 0)),
        List.of(new ScanInPredicate(mode, List.of("mode-1", "mode-2")),
            new ScanInPredicate(mode, List.of("mode-2", "mode-3"))),
        i -> i % 7 == 2 && i % 100 - 50 < 0);
    // Text with nulls (read into a vector first): a null is in no list.
    assertReadsExactly(file, List.of(), List.of(new ScanInPredicate(tag, List.of("tag-3", "tag-5é", "tag-5"))),
        i -> i % 5 != 0 && (i % 17 == 3 && i % 3 != 0 || i % 17 == 5));
    // Plain-encoded text; one match far into the file, after batches where nothing matched.
    String late = "note 65001 " + "x".repeat(65001 % 20);
    assertReadsExactly(file, List.of(), List.of(new ScanInPredicate(note, List.of(late, "no such note"))),
        i -> i == 65001);
    assertReadsExactly(file, List.of(), List.of(new ScanInPredicate(mode, List.of("mode-9"))), i -> false);
    // IN lists of integers: k (INT32, no nulls), maybe (INT64, with nulls: row 35's would be -99895), amount
    // (DECIMAL(15,2) unscaled).
    assertReadsExactly(file, List.of(), List.of(new ScanInPredicate(2, List.of(-50L, 7L))),
        i -> i % 100 == 0 || i % 100 == 57);
    assertReadsExactly(file, List.of(), List.of(new ScanInPredicate(1, List.of(-97_000L, -99_895L))), i -> i == 1000);
    assertReadsExactly(file, List.of(), List.of(new ScanInPredicate(6, List.of(403L, 813L, 5L))),
        i -> i == 10 || i == 20);
    // Decimals in their unscaled lane: amount (INT64, no nulls) and small (INT32, with nulls).
    assertReadsExactly(file, List.of(new ScanPredicate(6, Op.LT, 41_000)), List.of(), i -> i * 41L - 7 < 41_000);
    assertReadsExactly(file, List.of(new ScanPredicate(5, Op.GE, 37 * 60_000 - 100_000),
        new ScanPredicate(5, Op.LT, 37 * 60_010 - 100_000)), List.of(), i -> i >= 60_000 && i < 60_010 && i % 13 != 0);
  }

  @Test
  void rowGroupsNoListedValueCanBeInAreRuledOut() throws IOException {
    Path file = file("zstd");
    try (FileChannel channel = FileChannel.open(file)) {
      FileMetaData footer = ParquetFileScan.readFooter(file, channel);
      java.util.Map<String, Integer> leaves = new java.util.HashMap<>();
      for (int c = 0; c < COLUMNS.size(); c++) {
        leaves.put(COLUMNS.get(c).name(), c);
      }
      // Row groups of 20,480 rows: ids 5 and 65,000 are in the first and the last.
      List<Boolean> ruledOut = new ArrayList<>();
      for (org.apache.parquet.format.RowGroup group : footer.getRow_groups()) {
        ruledOut.add(StatisticsPruning.rulesOut(group, leaves, List.of(), new String[0],
            List.of(new ScanInPredicate(0, List.of(5L, 65_000L))), new String[] {"id"}, footer.getSchema()));
      }
      assertEquals(List.of(false, true, true, false), ruledOut);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"uncompressed", "zstd"})
  void aPredicateMostRowsPassKeepsEveryMatch(String codec) throws IOException {
    // 95% of each batch passes: the reader may keep failing rows for the filter above, never drop a match.
    java.util.Set<Integer> ids = new java.util.HashSet<>(
        read(file(codec), List.of(new ScanPredicate(2, Op.GE, -45)), List.of(), 4096));
    for (int i = 0; i < ROWS; i++) {
      if (i % 100 - 50 >= -45) {
        assertTrue(ids.contains(i), "row " + i + " passes");
      }
    }
  }

  /** The rows read under the predicates are exactly those {@code matches} accepts, each with its values. */
  private static void assertReadsExactly(Path file, List<ScanPredicate> predicates,
      List<ScanInPredicate> inPredicates, java.util.function.IntPredicate matches) throws IOException {
    List<Integer> expected = new ArrayList<>();
    for (int i = 0; i < ROWS; i++) {
      if (matches.test(i)) {
        expected.add(i);
      }
    }
    assertEquals(expected, read(file, predicates, inPredicates, 4096));
  }

  private static List<Integer> read(Path file, List<ScanPredicate> predicates, int batchSize) throws IOException {
    return read(file, predicates, List.of(), batchSize);
  }

  /** Reads every column, checks each row's values against its id's, and returns the ids read in order. */
  private static List<Integer> read(Path file, List<ScanPredicate> predicates, List<ScanInPredicate> inPredicates,
      int batchSize) throws IOException {
    String[] names = COLUMNS.stream().map(Col::name).toArray(String[]::new);
    DataType[] types = COLUMNS.stream().map(Col::type).toArray(DataType[]::new);
    String[] predicateColumns = predicates.stream().map(p -> names[p.column()]).toArray(String[]::new);
    String[] inColumns = inPredicates.stream().map(p -> names[p.column()]).toArray(String[]::new);
    List<Integer> ids = new ArrayList<>();
    try (BufferAllocator allocator = new RootAllocator()) { // closing it checks that no buffer leaked
      TaskContext context = new TaskContext(allocator, batchSize, null);
      try (ParquetFileScan scan = ParquetFileScan.open(file, names, types, predicates, predicateColumns,
          inPredicates, inColumns, context, new ChunkBuffers())) {
        assertNotNull(scan, "the Java reader reads this file");
        Batch batch;
        while ((batch = scan.next()) != null) {
          try (Batch b = batch) {
            for (int r = 0; r < b.rowCount(); r++) {
              int id = (int) (long) (Long) ValueReader.of(b.column(0), types[0]).get(r);
              ids.add(id);
              for (int c = 1; c < COLUMNS.size(); c++) {
                assertEquals(COLUMNS.get(c).value().apply(id), ValueReader.of(b.column(c), types[c]).getObject(r),
                    names[c] + " of row " + id);
              }
            }
          }
        }
      }
    }
    return ids;
  }
}
