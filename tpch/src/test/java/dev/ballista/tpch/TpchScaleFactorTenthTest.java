package dev.ballista.tpch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Scale factor 0.1 with the default file counts, drawn by the progress bar as a log would show it. */
class TpchScaleFactorTenthTest {
  @TempDir
  Path outputDir;

  @Test
  void rowCountsAreThoseOfTpchAtScaleFactorOneTenth() throws Exception {
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    ProgressBar bar = new ProgressBar(new PrintStream(log, true, StandardCharsets.UTF_8), "sf0.1", false);

    GenerationReport report = TpchDataGenerator.builder(outputDir, 0.1)
        .listener(new ProgressBarListener(bar))
        .build()
        .generate();

    Map<String, Long> expected = Map.of("lineitem", 600572L, "orders", 150000L, "customer", 15000L, "part", 20000L,
        "partsupp", 80000L, "supplier", 1000L, "nation", 25L, "region", 5L);
    for (String table : TpchSchema.TABLES) {
      assertEquals(expected.get(table), ParquetTableScan.countRows(outputDir.resolve(table)), table);
    }
    assertEquals(866602L, report.rowsGenerated());
    assertTrue(report.tables().stream().allMatch(t -> t.files() == 1), "all fit one file at SF 0.1");
    String[] lines = log.toString(StandardCharsets.UTF_8).split("\n");
    assertTrue(lines[lines.length - 1].startsWith("sf0.1 [####################] 100%  867K rows in "),
        lines[lines.length - 1]);
  }
}
