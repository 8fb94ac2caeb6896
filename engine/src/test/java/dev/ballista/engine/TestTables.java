package dev.ballista.engine;

import dev.ballista.engine.catalog.Catalog;
import dev.ballista.engine.catalog.TableLoader;
import dev.ballista.engine.exec.scan.FileFormatKind;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.Map;
import org.apache.arrow.dataset.file.FileFormat;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Writes small Parquet tables for engine tests with Arrow Dataset's writer. Table "sales": id BIGINT, region
 * VARCHAR, amount DECIMAL(15,2), day DATE; row i has id i, region "r" + (i % 3) (every 7th NULL), amount
 * i * 1.25, day 2020-01-01 + (i % 10) days.
 */
public final class TestTables {
  private TestTables() {}

  public static void writeSales(BufferAllocator allocator, Path dir, int files, int rowsPerFile) throws Exception {
    for (int f = 0; f < files; f++) {
      int base = f * rowsPerFile;
      try (VectorSchemaRoot root = VectorSchemaRoot.create(new Schema(java.util.List.of(
          org.apache.arrow.vector.types.pojo.Field.nullable("id", new org.apache.arrow.vector.types.pojo.ArrowType.Int(64, true)),
          org.apache.arrow.vector.types.pojo.Field.nullable("region", org.apache.arrow.vector.types.pojo.ArrowType.Utf8.INSTANCE),
          org.apache.arrow.vector.types.pojo.Field.nullable("amount", new org.apache.arrow.vector.types.pojo.ArrowType.Decimal(15, 2, 128)),
          org.apache.arrow.vector.types.pojo.Field.nullable("day", new org.apache.arrow.vector.types.pojo.ArrowType.Date(org.apache.arrow.vector.types.DateUnit.DAY)))), allocator)) {
        root.allocateNew();
        BigIntVector id = (BigIntVector) root.getVector("id");
        VarCharVector region = (VarCharVector) root.getVector("region");
        DecimalVector amount = (DecimalVector) root.getVector("amount");
        DateDayVector day = (DateDayVector) root.getVector("day");
        for (int r = 0; r < rowsPerFile; r++) {
          long i = base + r;
          id.setSafe(r, i);
          if (i % 7 == 0) {
            region.setNull(r);
          } else {
            region.setSafe(r, ("r" + (i % 3)).getBytes());
          }
          amount.setSafe(r, BigDecimal.valueOf(i * 125, 2));
          day.setSafe(r, 18262 + (int) (i % 10));
        }
        root.setRowCount(rowsPerFile);
        Path out = dir.resolve("sales").resolve("part-" + f);
        DatasetFiles.write(allocator, root, FileFormat.PARQUET, out, "data-{i}.parquet");
      }
    }
  }

  public static Catalog catalogWithSales(Path dir) {
    Catalog catalog = new Catalog();
    catalog.register(TableLoader.load(Catalog.DEFAULT_SCHEMA, "sales", FileFormatKind.PARQUET, dir.resolve("sales"),
        Map.of()), false);
    return catalog;
  }
}
