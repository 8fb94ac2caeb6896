package dev.ballista.engine.exec.scan.parquet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ballista.engine.DatasetFiles;
import dev.ballista.engine.QueryException;
import dev.ballista.engine.exec.Batch;
import dev.ballista.engine.exec.RowsPlan;
import dev.ballista.engine.exec.TaskContext;
import dev.ballista.engine.exec.scan.CsvOptions;
import dev.ballista.engine.exec.scan.FileFormatKind;
import dev.ballista.engine.exec.scan.FileScanExec;
import dev.ballista.engine.expr.ValueReader;
import dev.ballista.engine.types.Column;
import dev.ballista.engine.types.DataType;
import dev.ballista.engine.types.RowSchema;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntFunction;
import org.apache.arrow.dataset.file.FileFormat;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.TimeStampMicroVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.parquet.format.ColumnChunk;
import org.apache.parquet.format.CompressionCodec;
import org.apache.parquet.format.Encoding;
import org.apache.parquet.format.FieldRepetitionType;
import org.apache.parquet.format.FileMetaData;
import org.apache.parquet.format.Type;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Java Parquet reader against files written by Arrow's Parquet writer (uncompressed pages, optional columns with
 * definition levels, decimals as big-endian fixed-length bytes, text dictionary-encoded until the dictionary grows
 * too large and plain after that): every value comes back as written, across pages and batches.
 */
class ParquetFileScanTest {
  static final int ROWS = 70_000;

  @TempDir
  static Path dir;
  static BufferAllocator allocator;
  static Path file;

  /** Each column: name, engine type, Arrow type, and its value in row r (null for a null). */
  record Col(String name, DataType type, ArrowType arrow, IntFunction<Object> value) {}

  static final List<Col> COLUMNS = List.of(
      new Col("id", DataType.BIGINT, new ArrowType.Int(64, true), r -> (long) r),
      new Col("maybe", DataType.BIGINT, new ArrowType.Int(64, true), r -> r % 7 == 0 ? null : r * 3L - 100_000),
      new Col("k", DataType.INTEGER, new ArrowType.Int(32, true), r -> r % 100 - 50),
      new Col("x", DataType.DOUBLE, new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE),
          r -> r % 11 == 0 ? null : r / 4.0),
      new Col("d", DataType.DATE, new ArrowType.Date(DateUnit.DAY),
          r -> LocalDate.of(2020, 1, 1).plusDays(r % 400)),
      new Col("amount", DataType.decimal(10, 2), new ArrowType.Decimal(10, 2, 128),
          r -> r % 13 == 0 ? null : BigDecimal.valueOf(r * 37L - 100_000, 2)),
      new Col("big", DataType.decimal(18, 4), new ArrowType.Decimal(18, 4, 128),
          r -> BigDecimal.valueOf(r * 123_456_789_012L - 500_000_000_000_000_000L, 4)),
      new Col("tag", DataType.VARCHAR, ArrowType.Utf8.INSTANCE,
          r -> r % 5 == 0 ? null : "tag-" + r % 17 + (r % 3 == 0 ? "é" : "")),
      new Col("note", DataType.VARCHAR, ArrowType.Utf8.INSTANCE,
          r -> r % 9 == 4 ? "" : "note " + r + " " + "x".repeat(r % 20)));

  @BeforeAll
  static void write() {
    allocator = new RootAllocator();
    List<Field> fields = new ArrayList<>();
    for (Col c : COLUMNS) {
      fields.add(Field.nullable(c.name(), c.arrow()));
    }
    try (VectorSchemaRoot root = VectorSchemaRoot.create(new Schema(fields), allocator)) {
      root.allocateNew();
      for (int c = 0; c < COLUMNS.size(); c++) {
        FieldVector v = root.getVector(c);
        for (int r = 0; r < ROWS; r++) {
          DatasetFiles.set(v, r, COLUMNS.get(c).value().apply(r));
        }
        v.setValueCount(ROWS);
      }
      root.setRowCount(ROWS);
      DatasetFiles.write(allocator, root, FileFormat.PARQUET, dir.resolve("t"), "data-{i}.parquet");
    }
    file = dir.resolve("t").resolve("data-0.parquet");
  }

  @AfterAll
  static void close() {
    allocator.close();
  }

  @Test
  void everyValueComesBackAsWrittenAcrossPagesAndBatches() throws IOException {
    int[] all = new int[COLUMNS.size()];
    Arrays.setAll(all, i -> i);
    assertRowsRead(all, 1000);
    assertRowsRead(all, 16 * 1024);
  }

  @Test
  void theFileHasThePageKindsThisTestIsAbout() throws IOException {
    try (FileChannel channel = FileChannel.open(file)) {
      FileMetaData footer = ParquetFileScan.readFooter(file, channel);
      List<ColumnChunk> chunks = footer.getRow_groups().get(0).getColumns();
      for (ColumnChunk chunk : chunks) {
        assertEquals(CompressionCodec.UNCOMPRESSED, chunk.getMeta_data().getCodec()); // codecs: DuckDbParquetFilesTest
      }
      List<Encoding> note = chunks.get(8).getMeta_data().getEncodings();
      assertTrue(note.contains(Encoding.PLAIN) && note.contains(Encoding.RLE_DICTIONARY), note.toString());
      assertTrue(chunks.get(7).getMeta_data().getEncodings().contains(Encoding.RLE_DICTIONARY));
      assertEquals(Type.FIXED_LEN_BYTE_ARRAY, footer.getSchema().get(6).getType()); // amount
      assertEquals(FieldRepetitionType.OPTIONAL, footer.getSchema().get(2).getRepetition_type()); // maybe
    }
  }

  @Test
  void aProjectionReadsItsColumnsInItsOrder() throws IOException {
    assertRowsRead(new int[] {8, 0, 5}, 4096);
    assertRowsRead(new int[] {7}, 777);
  }

  @Test
  void aColumnOfATypeTheReaderDoesNotDecodeLeavesTheFileToArrowDataset() throws IOException {
    Path ts = dir.resolve("ts");
    // The shared allocator: Arrow's dataset writer hands its last buffers back after it returns.
    try (VectorSchemaRoot root = VectorSchemaRoot.create(new Schema(List.of(
            Field.nullable("t", new ArrowType.Timestamp(TimeUnit.MICROSECOND, null)))), allocator)) {
      root.allocateNew();
      ((TimeStampMicroVector) root.getVector(0)).setSafe(0, 1_000_000L);
      root.getVector(0).setValueCount(1);
      root.setRowCount(1);
      DatasetFiles.write(allocator, root, FileFormat.PARQUET, ts, "data-{i}.parquet");
    }
    Path tsFile = ts.resolve("data-0.parquet");
    try (BufferAllocator a = new RootAllocator()) {
      TaskContext context = new TaskContext(a, 1024, null);
      assertNull(ParquetFileScan.open(tsFile, new String[] {"t"}, new DataType[] {DataType.TIMESTAMP}, List.of(),
          new String[0], context));
    }
    RowSchema schema = new RowSchema(List.of(new Column("t", DataType.TIMESTAMP, true)));
    FileScanExec scan = new FileScanExec("ts", FileFormatKind.PARQUET, List.of(List.of(tsFile.toString())), schema,
        new int[] {0}, CsvOptions.DEFAULT);
    assertEquals(List.of(List.of(1_000_000L)), RowsPlan.collect(scan, 1024));
  }

  @Test
  void aFileThatIsNotParquetFailsTheQueryWithItsName() throws IOException {
    Path bad = dir.resolve("bad.parquet");
    Files.write(bad, "this is not a parquet file at all".getBytes(StandardCharsets.UTF_8));
    RowSchema schema = new RowSchema(List.of(new Column("id", DataType.BIGINT, true)));
    FileScanExec scan = new FileScanExec("bad", FileFormatKind.PARQUET, List.of(List.of(bad.toString())), schema,
        new int[] {0}, CsvOptions.DEFAULT);
    QueryException e = assertThrows(QueryException.class, () -> RowsPlan.collect(scan, 1024));
    assertTrue(e.getMessage().contains("bad.parquet"), e.getMessage());
  }

  /**
   * The files of one scan partition share their chunk arrays: a column's chunk is read into an array that another
   * column's larger chunk grew before, over the leftovers, and every value still comes back as written.
   */
  @Test
  void scansOneAfterAnotherShareTheirChunkArrays() throws IOException {
    ChunkBuffers shared = new ChunkBuffers();
    assertRowsRead(new int[] {8, 0}, 4096, shared); // note's chunk, the largest, in array 0
    byte[] first = shared.get(0, 1);
    assertRowsRead(new int[] {0, 8}, 4096, shared); // id's smaller chunk over it; note's grows array 1
    assertSame(first, shared.get(0, 1), "array 0 is reused");
    assertRowsRead(new int[] {2, 7, 5}, 1000, shared);
    assertSame(first, shared.get(0, 1), "array 0 is reused");
  }

  /** Reads the projected columns with the Java reader and checks every row against what was written. */
  private static void assertRowsRead(int[] projection, int batchSize) throws IOException {
    assertRowsRead(projection, batchSize, new ChunkBuffers());
  }

  private static void assertRowsRead(int[] projection, int batchSize, ChunkBuffers buffers) throws IOException {
    String[] names = new String[projection.length];
    DataType[] types = new DataType[projection.length];
    for (int i = 0; i < projection.length; i++) {
      names[i] = COLUMNS.get(projection[i]).name();
      types[i] = COLUMNS.get(projection[i]).type();
    }
    try (BufferAllocator a = new RootAllocator()) { // closing it checks that no buffer leaked
      TaskContext context = new TaskContext(a, batchSize, null);
      ParquetFileScan scan = ParquetFileScan.open(file, names, types, List.of(), new String[0], context, buffers);
      assertNotNull(scan, "the Java reader reads this file");
      int row = 0;
      try (scan) {
        Batch batch;
        while ((batch = scan.next()) != null) {
          try (Batch b = batch) {
            assertTrue(b.rowCount() <= batchSize);
            for (int r = 0; r < b.rowCount(); r++, row++) {
              for (int c = 0; c < projection.length; c++) {
                Object expected = COLUMNS.get(projection[c]).value().apply(row);
                Object actual = ValueReader.of(b.column(c), types[c]).getObject(r);
                if (expected instanceof Integer i && actual instanceof Integer) {
                  expected = i;
                }
                assertEquals(expected, actual, names[c] + " of row " + row);
              }
            }
          }
        }
      }
      assertEquals(ROWS, row);
    }
  }

}
