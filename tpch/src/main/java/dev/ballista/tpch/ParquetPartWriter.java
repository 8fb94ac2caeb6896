package dev.ballista.tpch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.c.ArrowArrayStream;
import org.apache.arrow.c.Data;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.duckdb.DuckDBConnection;

/**
 * Writes one Parquet file with DuckDB's Parquet writer, fed the generated Arrow batches through the C stream
 * interface. The file is written under a scratch name and moved to its final name only once complete, so a crash
 * never leaves a truncated {@code .parquet} behind.
 *
 * <p>Why DuckDB and not Arrow Dataset's writer: Arrow Java exposes no Parquet writer properties, and Arrow C++'s
 * defaults store DECIMAL as big-endian FIXED_LEN_BYTE_ARRAY, whose byte-swapping decode was 11% of a whole TPC-H
 * SF 1 profile. DuckDB writes files the way Spark, Trino and DuckDB itself do: DECIMAL(p ≤ 18) as INT64, row groups
 * of 122,880 rows (room for statistics pruning and parallel readers). Pages stay uncompressed: the files are read
 * from the local page cache, where decompression would only cost CPU.
 */
final class ParquetPartWriter {
  private static final long RELEASE_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(30);

  private ParquetPartWriter() {}

  /**
   * Writes all of {@code reader} to {@code target}. The writer takes the reader over and closes it, so the caller
   * must not. {@code allocator} must be the reader's own: on return the reader and every batch it handed over have
   * been released.
   */
  static void write(BufferAllocator allocator, ArrowReader reader, Path scratchDir, Path target) throws IOException {
    FileTrees.deleteRecursively(scratchDir);
    Files.createDirectories(scratchDir);
    // No ".parquet" suffix until complete: readers that list a table's files must not see a partial one.
    Path scratch = scratchDir.resolve(target.getFileName() + ".inprogress");
    try (ArrowArrayStream stream = ArrowArrayStream.allocateNew(allocator)) {
      Schema schema = reader.getVectorSchemaRoot().getSchema();
      Data.exportArrayStream(allocator, reader, stream);
      copy(schema, stream, scratch);
    } catch (SQLException e) {
      throw new IOException("DuckDB's Parquet writer failed: " + e.getMessage(), e);
    } finally {
      awaitNativeReleases(allocator);
    }
    Files.move(scratch, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    FileTrees.deleteRecursively(scratchDir);
  }

  /**
   * The rows pass through a DuckDB table with the schema's NOT NULL constraints: DuckDB marks a Parquet column
   * REQUIRED only when it knows it has no nulls, which it does not for a bare Arrow stream. A part is at most about
   * 100 MB of Parquet, and DuckDB may spill to the scratch directory.
   */
  private static void copy(Schema schema, ArrowArrayStream stream, Path file) throws SQLException, IOException {
    // One DuckDB thread: the generator already runs one part per core, and with a single thread DuckDB pulls the
    // batches on this (interruptible) Java thread, in order.
    try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
        Statement statement = connection.createStatement()) {
      statement.execute("SET threads = 1");
      statement.execute("SET temp_directory = " + literal(file.getParent().resolve("spill").toString()));
      statement.execute("CREATE TABLE part_rows (" + columnDefinitions(schema) + ")");
      connection.unwrap(DuckDBConnection.class).registerArrowStream("generated", stream);
      statement.execute("INSERT INTO part_rows SELECT * FROM generated");
      statement.execute("COPY part_rows TO " + literal(file.toAbsolutePath().toString())
          + " (FORMAT PARQUET, COMPRESSION 'uncompressed')");
    }
  }

  private static String columnDefinitions(Schema schema) throws IOException {
    StringBuilder sql = new StringBuilder();
    for (Field field : schema.getFields()) {
      sql.append(sql.isEmpty() ? "" : ", ").append('"').append(field.getName().replace("\"", "\"\"")).append("\" ")
          .append(sqlType(field)).append(field.isNullable() ? "" : " NOT NULL");
    }
    return sql.toString();
  }

  private static String sqlType(Field field) throws IOException {
    ArrowType type = field.getType();
    if (type instanceof ArrowType.Int i && i.getIsSigned() && (i.getBitWidth() == 32 || i.getBitWidth() == 64)) {
      return i.getBitWidth() == 32 ? "INTEGER" : "BIGINT";
    }
    if (type instanceof ArrowType.Decimal d && d.getPrecision() <= 38) {
      return "DECIMAL(" + d.getPrecision() + ", " + d.getScale() + ")";
    }
    if (type instanceof ArrowType.Date d && d.getUnit() == DateUnit.DAY) {
      return "DATE";
    }
    if (type instanceof ArrowType.Utf8) {
      return "VARCHAR";
    }
    throw new IOException("no Parquet column type for " + field);
  }

  private static String literal(String text) {
    return "'" + text.replace("'", "''") + "'";
  }

  /**
   * Batches handed over through the C interface are released by their consumer, possibly after the statement has
   * returned; closing the allocator before then would report a leak. So the wait goes on through an interrupt (a
   * cancelled run), which is passed on afterwards.
   */
  private static void awaitNativeReleases(BufferAllocator allocator) {
    long deadline = System.nanoTime() + RELEASE_TIMEOUT_NANOS;
    boolean interrupted = false;
    while (allocator.getAllocatedMemory() > 0 && System.nanoTime() < deadline) {
      try {
        Thread.sleep(1);
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
