package dev.ballista.engine.slt;

import dev.ballista.engine.catalog.Catalog;
import dev.ballista.engine.catalog.TableDef;
import dev.ballista.engine.catalog.TableLoader;
import dev.ballista.engine.exec.scan.FileFormatKind;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.arrow.dataset.file.FileFormat;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
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

/**
 * The tables the .slt files query, written as Parquet (each table in several files, so scans have several
 * partitions) and registered in a catalog:
 * <ul>
 *   <li>{@code mixed}: one column per type (BIGINT, INT, DOUBLE, DECIMAL(10,2), VARCHAR, BOOLEAN, DATE,
 *       TIMESTAMP), with NULLs; 6 rows.</li>
 *   <li>{@code emp} (INT keys) and {@code dept} (BIGINT keys): 7 employees in 3 departments, one without a
 *       department and one department without employees. Both declare {@code id} their primary key.</li>
 *   <li>{@code big}: BIGINT extremes for overflow checks.</li>
 *   <li>{@code seq}: n = 1..1000 and g = n % 10, in 4 files.</li>
 * </ul>
 * and, not registered, CSV files for CREATE EXTERNAL TABLE in ddl.slt: {@code csv/cities.csv} with a header
 * line (name, country, population) and {@code psv/}, two '|'-separated files without one (id, name, price, day);
 * and an Arrow IPC file under {@code arrow/} (id BIGINT, name VARCHAR: 10 Sales, 40 Legal).
 */
public final class SltTables {
  private SltTables() {}

  private static final ArrowType BIGINT = new ArrowType.Int(64, true);
  private static final ArrowType INT = new ArrowType.Int(32, true);
  private static final ArrowType DOUBLE = new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
  private static final ArrowType TEXT = ArrowType.Utf8.INSTANCE;
  private static final ArrowType BOOL = ArrowType.Bool.INSTANCE;
  private static final ArrowType DATE = new ArrowType.Date(DateUnit.DAY);
  private static final ArrowType TIMESTAMP = new ArrowType.Timestamp(TimeUnit.MICROSECOND, null);

  private static ArrowType decimal(int precision, int scale) {
    return new ArrowType.Decimal(precision, scale, 128);
  }

  /** Writes every table under {@code dir} and registers it in the catalog's default schema. */
  public static void register(Catalog catalog, BufferAllocator allocator, Path dir) throws IOException {
    table(catalog, allocator, dir, "mixed", schema("id", BIGINT, "i", INT, "d", DOUBLE, "price", decimal(10, 2),
        "name", TEXT, "flag", BOOL, "dt", DATE, "ts", TIMESTAMP), 3,
        row(1L, 10, 1.5, dec("10.25"), "apple", true, date("2024-01-31"), ts("2024-01-31T10:00:00")),
        row(2L, 20, -2.25, dec("3.50"), "Banana", false, date("2024-02-29"), ts("2024-02-29T23:59:59")),
        row(3L, null, 0.0, null, "cherry pie", null, date("2023-12-01"), null),
        row(4L, -5, null, dec("100.00"), null, true, null, ts("2024-03-01T00:00:00")),
        row(5L, 2147483647, 1e10, dec("0.01"), "", false, date("2000-02-28"), ts("1999-12-31T23:59:59.5")),
        row(6L, 7, 3.0, dec("7.77"), "apple", true, date("2024-01-01"), ts("2024-01-01T12:30:00")));
    Map<String, String> idKey = Map.of(TableDef.PRIMARY_KEY_OPTION, "id");
    table(catalog, allocator, dir, "emp", idKey, schema("id", INT, "name", TEXT, "dept_id", INT,
        "salary", decimal(10, 2), "manager_id", INT), 2,
        row(1, "Ann", 10, dec("5000.00"), null),
        row(2, "Bob", 10, dec("4000.00"), 1),
        row(3, "Cid", 20, dec("4500.00"), 1),
        row(4, "Dee", 20, dec("4500.00"), 3),
        row(5, "Eve", 30, dec("3000.00"), 1),
        row(6, "Fay", null, dec("2500.00"), 2),
        row(7, "Gus", 20, null, 3));
    table(catalog, allocator, dir, "dept", idKey, schema("id", BIGINT, "name", TEXT), 2,
        row(10L, "Sales"), row(20L, "Engineering"), row(30L, "Support"), row(40L, "Legal"));
    table(catalog, allocator, dir, "big", schema("v", BIGINT), 2,
        row(Long.MAX_VALUE), row(Long.MIN_VALUE), row(1L), row(0L));
    Object[][] seq = new Object[1000][];
    for (int n = 1; n <= 1000; n++) {
      seq[n - 1] = row((long) n, (long) (n % 10));
    }
    table(catalog, allocator, dir, "seq", schema("n", BIGINT, "g", BIGINT), 4, seq);
    Path csv = java.nio.file.Files.createDirectories(dir.resolve("csv"));
    java.nio.file.Files.writeString(csv.resolve("cities.csv"),
        "name,country,population\nOslo,NO,709037\nBergen,NO,291940\nLyon,FR,522250\n");
    Path psv = java.nio.file.Files.createDirectories(dir.resolve("psv"));
    java.nio.file.Files.writeString(psv.resolve("part-0.csv"), "1|apple|1.25|2024-01-31\n2|pear|0.80|2024-02-29\n");
    java.nio.file.Files.writeString(psv.resolve("part-1.csv"), "3|fig||2024-03-01\n");
    write(allocator, schema("id", BIGINT, "name", TEXT), new Object[][] {row(10L, "Sales"), row(40L, "Legal")},
        dir.resolve("arrow").resolve("part-0"), FileFormat.ARROW_IPC, "data-{i}.arrow");
  }

  private static Object[] row(Object... values) {
    return values;
  }

  private static BigDecimal dec(String s) {
    return new BigDecimal(s);
  }

  private static LocalDate date(String s) {
    return LocalDate.parse(s);
  }

  private static LocalDateTime ts(String s) {
    return LocalDateTime.parse(s);
  }

  private static Schema schema(Object... namesAndTypes) {
    List<Field> fields = new ArrayList<>();
    for (int i = 0; i < namesAndTypes.length; i += 2) {
      fields.add(Field.nullable((String) namesAndTypes[i], (ArrowType) namesAndTypes[i + 1]));
    }
    return new Schema(fields);
  }

  private static void table(Catalog catalog, BufferAllocator allocator, Path dir, String name, Schema schema,
      int files, Object[]... rows) throws IOException {
    table(catalog, allocator, dir, name, Map.of(), schema, files, rows);
  }

  private static void table(Catalog catalog, BufferAllocator allocator, Path dir, String name,
      Map<String, String> options, Schema schema, int files, Object[]... rows) throws IOException {
    Path location = dir.resolve(name);
    int perFile = (rows.length + files - 1) / files;
    for (int f = 0; f * perFile < rows.length; f++) {
      Object[][] part = Arrays.copyOfRange(rows, f * perFile, Math.min(rows.length, (f + 1) * perFile));
      writeParquet(allocator, schema, part, location.resolve("part-" + f));
    }
    catalog.register(TableLoader.load(Catalog.DEFAULT_SCHEMA, name, FileFormatKind.PARQUET, location, options),
        false);
  }

  private static void writeParquet(BufferAllocator allocator, Schema schema, Object[][] rows, Path dir) {
    write(allocator, schema, rows, dir, FileFormat.PARQUET, "data-{i}.parquet");
  }

  private static void write(BufferAllocator allocator, Schema schema, Object[][] rows, Path dir, FileFormat format,
      String fileNames) {
    try (VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator)) {
      root.allocateNew();
      for (int c = 0; c < schema.getFields().size(); c++) {
        FieldVector vector = root.getVector(c);
        for (int r = 0; r < rows.length; r++) {
          dev.ballista.engine.DatasetFiles.set(vector, r, rows[r][c]);
        }
        vector.setValueCount(rows.length);
      }
      root.setRowCount(rows.length);
      dev.ballista.engine.DatasetFiles.write(allocator, root, format, dir, fileNames);
    }
  }

}
