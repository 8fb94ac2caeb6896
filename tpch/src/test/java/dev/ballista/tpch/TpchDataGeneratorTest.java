package dev.ballista.tpch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trino.tpch.LineItem;
import io.trino.tpch.TpchEntity;
import io.trino.tpch.TpchTable;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Generates scale factor 0.01 once and checks every value read back from Parquet against the generator. */
class TpchDataGeneratorTest {
  private static final double SCALE_FACTOR = 0.01;

  @TempDir
  static Path outputDir;

  private static GenerationReport report;
  private static final Map<String, Long> finishedRows = new ConcurrentHashMap<>();

  @BeforeAll
  static void generate() throws Exception {
    report = TpchDataGenerator.builder(outputDir, SCALE_FACTOR)
        .filesPerTable(3)
        .listener(new GenerationListener() {
          @Override
          public void tableFinished(String table, long rows) {
            finishedRows.put(table, rows);
          }
        })
        .build()
        .generate();
  }

  @Test
  void rowCountsAreThoseOfTpchAtScaleFactorOneHundredth() throws Exception {
    Map<String, Long> expected = Map.of("lineitem", 60175L, "orders", 15000L, "customer", 1500L, "part", 2000L,
        "partsupp", 8000L, "supplier", 100L, "nation", 25L, "region", 5L);
    for (String table : TpchSchema.TABLES) {
      assertEquals(expected.get(table), ParquetTableScan.countRows(outputDir.resolve(table)), table);
      assertEquals(expected.get(table), finishedRows.get(table), table + " as reported to the listener");
    }
    assertEquals(expected.values().stream().mapToLong(Long::longValue).sum(), report.rowsGenerated());
  }

  @Test
  void largeTablesAreSplitAndSmallOnesAreNot() {
    for (GenerationReport.TableResult table : report.tables()) {
      boolean single = table.table().equals("nation") || table.table().equals("region");
      assertEquals(single ? 1 : 3, table.files(), table.table());
      assertFalse(table.skipped(), table.table());
      for (int part = 0; part < table.files(); part++) {
        assertTrue(Files.isRegularFile(outputDir.resolve(table.table()).resolve("part-" + part + ".parquet")));
      }
    }
  }

  @Test
  void filesHaveTheSchemasOfTpchSchema() throws Exception {
    for (String table : TpchSchema.TABLES) {
      Schema read = ParquetTableScan.schema(outputDir.resolve(table));
      assertEquals(TpchSchema.schema(table).getFields(), read.getFields(), table);
    }
  }

  /** The layout mainstream writers use, which readers decode fastest (see ParquetPartWriter). */
  @Test
  void decimalsAreStoredAsInt64AndNotNullColumnsAsRequired() throws Exception {
    Path file = outputDir.resolve("lineitem").resolve("part-0.parquet");
    Map<String, String> physical = new HashMap<>();
    Map<String, String> repetition = new HashMap<>();
    try (Connection duckdb = DriverManager.getConnection("jdbc:duckdb:");
        Statement statement = duckdb.createStatement();
        ResultSet rows = statement.executeQuery(
            "SELECT name, type, repetition_type FROM parquet_schema('" + file + "') WHERE name LIKE 'l_%'")) {
      while (rows.next()) {
        physical.put(rows.getString(1), rows.getString(2));
        repetition.put(rows.getString(1), rows.getString(3));
      }
    }
    assertEquals(16, physical.size());
    for (String decimal : List.of("l_quantity", "l_extendedprice", "l_discount", "l_tax")) {
      assertEquals("INT64", physical.get(decimal), decimal);
    }
    assertEquals("INT32", physical.get("l_shipdate"));
    assertEquals("BYTE_ARRAY", physical.get("l_comment"));
    assertEquals(Set.of("REQUIRED"), Set.copyOf(repetition.values()));
  }

  @Test
  void everyRowMatchesTheGeneratorText() throws Exception {
    for (TpchTable<?> source : TpchTable.getTables()) {
      List<String> expected = new ArrayList<>();
      for (TpchEntity row : source.createGenerator(SCALE_FACTOR, 1, 1)) {
        expected.add(row.toLine());
      }
      List<String> actual = new ArrayList<>();
      ParquetTableScan.forEachBatch(outputDir.resolve(source.getTableName()), root -> addLines(root, actual));
      // Parts and batches may come back in any order; the rows themselves must be identical.
      expected.sort(null);
      actual.sort(null);
      assertEquals(expected.size(), actual.size(), source.getTableName());
      for (int i = 0; i < expected.size(); i++) {
        assertEquals(expected.get(i), actual.get(i), source.getTableName() + " row " + i);
      }
    }
  }

  @Test
  void decimalSumsAreExactToTheCent() throws Exception {
    long[] cents = new long[4];
    for (LineItem item : TpchTable.LINE_ITEM.createGenerator(SCALE_FACTOR, 1, 1)) {
      cents[0] += item.quantity() * 100;
      cents[1] += item.extendedPriceInCents();
      cents[2] += item.discountPercent();
      cents[3] += item.taxPercent();
    }
    String[] columns = {"l_quantity", "l_extendedprice", "l_discount", "l_tax"};
    BigDecimal[] sums = {BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO};
    ParquetTableScan.forEachBatch(outputDir.resolve("lineitem"), root -> {
      for (int c = 0; c < columns.length; c++) {
        DecimalVector vector = (DecimalVector) root.getVector(columns[c]);
        for (int i = 0; i < root.getRowCount(); i++) {
          sums[c] = sums[c].add(vector.getObject(i));
        }
      }
    });
    for (int c = 0; c < columns.length; c++) {
      assertEquals(BigDecimal.valueOf(cents[c], 2), sums[c], columns[c]);
    }
  }

  @Test
  void onlyPartsAndTheSuccessMarkerRemain() throws Exception {
    for (String table : TpchSchema.TABLES) {
      Path dir = outputDir.resolve(table);
      try (var entries = Files.list(dir)) {
        List<String> names = entries.map(p -> p.getFileName().toString()).sorted().toList();
        assertTrue(names.contains("_SUCCESS"), table + ": " + names);
        assertTrue(names.stream().allMatch(n -> n.equals("_SUCCESS") || n.matches("part-\\d+\\.parquet")),
            table + ": " + names);
      }
      int files = table.equals("nation") || table.equals("region") ? 1 : 3;
      assertEquals("scale_factor=0.01\nfiles=" + files + "\n", Files.readString(dir.resolve("_SUCCESS")));
    }
  }

  /** Renders rows as io.trino.tpch's {@code toLine()} does: '|' after every value, money with two decimals. */
  private static void addLines(VectorSchemaRoot root, List<String> lines) {
    for (int row = 0; row < root.getRowCount(); row++) {
      StringBuilder line = new StringBuilder();
      for (FieldVector vector : root.getFieldVectors()) {
        line.append(render(vector, row)).append('|');
      }
      lines.add(line.toString());
    }
  }

  private static String render(FieldVector vector, int row) {
    if (vector instanceof DateDayVector dates) {
      return LocalDate.ofEpochDay(dates.get(row)).toString();
    }
    if (vector instanceof DecimalVector decimals) {
      BigDecimal value = decimals.getObject(row);
      // The generator prints the quantity as a whole number, though it is a DECIMAL(15,2) column.
      return vector.getName().equals("l_quantity") ? value.toBigIntegerExact().toString() : value.toPlainString();
    }
    return vector.getObject(row).toString();
  }
}
