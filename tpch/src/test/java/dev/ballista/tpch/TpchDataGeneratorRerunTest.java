package dev.ballista.tpch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trino.tpch.TpchTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reruns into the same directory: skip what is complete, resume what was cut short, refuse what is not ours. */
class TpchDataGeneratorRerunTest {
  @TempDir
  Path outputDir;

  private GenerationReport generate(double scaleFactor, GenerationListener listener) throws Exception {
    return TpchDataGenerator.builder(outputDir, scaleFactor).filesPerTable(3).listener(listener).build().generate();
  }

  @Test
  void rerunSkipsCompleteTablesAndRewritesNothing() throws Exception {
    generate(0.01, GenerationListener.NONE);
    FileTime written = Files.getLastModifiedTime(outputDir.resolve("lineitem/part-0.parquet"));
    List<String> skipped = new CopyOnWriteArrayList<>();

    GenerationReport rerun = generate(0.01, new GenerationListener() {
      @Override
      public void tableSkipped(String table) {
        skipped.add(table);
      }
    });

    assertEquals(8, skipped.size());
    assertTrue(rerun.tables().stream().allMatch(GenerationReport.TableResult::skipped));
    assertEquals(0, rerun.rowsGenerated());
    assertTrue(rerun.bytes() > 0, "a skipped table still reports the size of its files");
    assertEquals(written, Files.getLastModifiedTime(outputDir.resolve("lineitem/part-0.parquet")));
  }

  @Test
  void interruptedTableResumesOnlyItsMissingParts() throws Exception {
    generate(0.01, GenerationListener.NONE);
    // What a crash while writing lineitem's part 1 leaves: the started marker, a scratch file, no part-1.
    Path lineitem = outputDir.resolve("lineitem");
    Files.move(lineitem.resolve("_SUCCESS"), lineitem.resolve("_STARTED"));
    Files.delete(lineitem.resolve("part-1.parquet"));
    Files.createDirectories(lineitem.resolve("_temporary/part-1"));
    Files.writeString(lineitem.resolve("_temporary/part-1/part-1.parquet.0.inprogress"), "half a file");
    Map<String, Long> announced = new ConcurrentHashMap<>();

    GenerationReport rerun = generate(0.01, new GenerationListener() {
      @Override
      public void tableStarted(String table, long rowsTotal) {
        announced.put(table, rowsTotal);
      }
    });

    long partOneRows = 0;
    for (var ignored : TpchTable.LINE_ITEM.createGenerator(0.01, 2, 3)) {
      partOneRows++;
    }
    assertEquals(Map.of("lineitem", 15000L / 3 * 4), announced, "only lineitem, its expected rows of one part");
    assertEquals(partOneRows, rerun.rowsGenerated());
    assertEquals(60175, ParquetTableScan.countRows(lineitem));
    assertTrue(Files.exists(lineitem.resolve("_SUCCESS")));
    assertFalse(Files.exists(lineitem.resolve("_STARTED")));
    assertFalse(Files.exists(lineitem.resolve("_temporary")));
  }

  @Test
  void aFailedRunNamesThePartAndTheNextRunCompletesIt() throws Exception {
    GenerationListener failingInLineitem = new GenerationListener() {
      @Override
      public void rowsGenerated(String table, long rowsDone, long rowsTotal) {
        if (table.equals("lineitem")) {
          throw new IllegalStateException("disk on fire");
        }
      }
    };

    // The native writer's threads must be done with Java memory by the time the run gives up.
    List<Throwable> uncaught = new CopyOnWriteArrayList<>();
    Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
    Thread.setDefaultUncaughtExceptionHandler((thread, e) -> uncaught.add(e));
    TpchGenerationException failed;
    try {
      failed = assertThrows(TpchGenerationException.class, () -> generate(0.01, failingInLineitem));
    } finally {
      Thread.setDefaultUncaughtExceptionHandler(previous);
    }

    assertEquals(List.of(), uncaught);

    assertTrue(failed.getMessage().startsWith("cannot write lineitem part "), failed.getMessage());
    assertTrue(failed.getMessage().contains("disk on fire"), failed.getMessage());
    Path lineitem = outputDir.resolve("lineitem");
    assertTrue(Files.exists(lineitem.resolve("_STARTED")));
    assertFalse(Files.exists(lineitem.resolve("_SUCCESS")));

    generate(0.01, GenerationListener.NONE);

    assertEquals(60175, ParquetTableScan.countRows(lineitem));
    assertTrue(Files.exists(lineitem.resolve("_SUCCESS")));
  }

  @Test
  void completeTableWithAMissingFileIsGeneratedAgain() throws Exception {
    generate(0.01, GenerationListener.NONE);
    Files.delete(outputDir.resolve("orders/part-2.parquet"));

    GenerationReport rerun = generate(0.01, GenerationListener.NONE);

    assertEquals(15000, rerun.rowsGenerated());
    assertEquals(15000, ParquetTableScan.countRows(outputDir.resolve("orders")));
  }

  @Test
  void anotherScaleFactorIsRefusedUnlessOverwriting() throws Exception {
    generate(0.01, GenerationListener.NONE);

    TpchGenerationException refused =
        assertThrows(TpchGenerationException.class, () -> generate(0.02, GenerationListener.NONE));
    assertTrue(refused.getMessage().contains(outputDir.toAbsolutePath().toString()), refused.getMessage());
    assertTrue(refused.getMessage().contains("lineitem (scale factor 0.01)"), refused.getMessage());
    assertTrue(refused.getMessage().contains("overwrite"), refused.getMessage());
    assertEquals(15000, ParquetTableScan.countRows(outputDir.resolve("orders")), "nothing was touched");

    TpchDataGenerator.builder(outputDir, 0.02).overwrite(true).build().generate();
    assertEquals(30000, ParquetTableScan.countRows(outputDir.resolve("orders")));
    assertEquals("scale_factor=0.02\nfiles=1\n", Files.readString(outputDir.resolve("orders/_SUCCESS")));
  }

  @Test
  void foreignFilesInATableDirectoryAreRefused() throws Exception {
    Files.createDirectories(outputDir.resolve("orders"));
    Files.writeString(outputDir.resolve("orders/notes.txt"), "mine");

    TpchGenerationException refused =
        assertThrows(TpchGenerationException.class, () -> generate(0.01, GenerationListener.NONE));

    assertTrue(refused.getMessage().contains("orders (files the TPC-H generator did not write)"),
        refused.getMessage());
    assertEquals("mine", Files.readString(outputDir.resolve("orders/notes.txt")));
  }

  @Test
  void outputPathThatIsAFileIsRejectedClearly() throws Exception {
    Path file = Files.writeString(outputDir.resolve("data"), "not a directory");

    TpchGenerationException onFile = assertThrows(TpchGenerationException.class,
        () -> TpchDataGenerator.builder(file, 0.01).build().generate());
    TpchGenerationException underFile = assertThrows(TpchGenerationException.class,
        () -> TpchDataGenerator.builder(file.resolve("tpch"), 0.01).build().generate());

    assertEquals("output path " + file + " exists and is not a directory", onFile.getMessage());
    assertTrue(underFile.getMessage().startsWith("cannot create output directory " + file.resolve("tpch")),
        underFile.getMessage());
  }

  @Test
  void invalidOptionsAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> TpchDataGenerator.builder(outputDir, 0));
    assertThrows(IllegalArgumentException.class, () -> TpchDataGenerator.builder(outputDir, Double.NaN));
    assertThrows(IllegalArgumentException.class, () -> TpchDataGenerator.builder(outputDir, 1).filesPerTable(0));
    assertThrows(IllegalArgumentException.class, () -> TpchDataGenerator.builder(outputDir, 1).threads(0));
  }
}
