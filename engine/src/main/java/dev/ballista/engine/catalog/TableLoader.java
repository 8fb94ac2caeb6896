package dev.ballista.engine.catalog;

import dev.ballista.engine.ErrorCode;
import dev.ballista.engine.QueryException;
import dev.ballista.engine.exec.scan.CsvOptions;
import dev.ballista.engine.exec.scan.FileFormatKind;
import dev.ballista.engine.types.Column;
import dev.ballista.engine.types.ArrowTypes;
import dev.ballista.engine.types.RowSchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.Optional;
import org.apache.arrow.dataset.file.FileFormat;
import org.apache.arrow.dataset.scanner.ScanOptions;
import org.apache.arrow.dataset.scanner.Scanner;
import org.apache.arrow.dataset.source.Dataset;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.dataset.file.FileSystemDatasetFactory;
import org.apache.arrow.dataset.jni.NativeMemoryPool;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.types.pojo.Schema;

/** Builds a {@link TableDef} from a file or a directory of files, reading the schema from the files. */
public final class TableLoader {
  private TableLoader() {}

  /** A table whose columns are read from its files (for CSV: the header line and Arrow's type inference). */
  public static TableDef load(String schemaName, String name, FileFormatKind format, Path location,
      Map<String, String> options) {
    return load(schemaName, name, format, location, options, null);
  }

  /**
   * A table over the files at {@code location}. With {@code declared} columns, CSV files are read as declared
   * (by position); Parquet and Arrow files must hold each declared column, by name and of the declared type, and
   * the table has only those. Without them, the columns come from the files.
   */
  public static TableDef load(String schemaName, String name, FileFormatKind format, Path location,
      Map<String, String> options, RowSchema declared) {
    CsvOptions csv = format == FileFormatKind.CSV ? CsvOptions.of(options) : CsvOptions.DEFAULT;
    if (format == FileFormatKind.CSV && declared == null && !csv.header()) {
      throw new QueryException(ErrorCode.VALIDATION_ERROR, "table " + name
          + ": CSV files without a header line need their columns declared: CREATE EXTERNAL TABLE " + name
          + " (column type, ...)");
    }
    List<String> files = listFiles(location, format);
    if (files.isEmpty()) {
      throw new QueryException(ErrorCode.FILE_ERROR, "no " + format + " files found at " + location);
    }
    RowSchema schema;
    if (format == FileFormatKind.CSV && declared != null) {
      schema = declared;
    } else {
      RowSchema inFiles = inspect(name, format, files.get(0), csv);
      schema = declared == null ? inFiles : matchDeclared(name, declared, inFiles);
    }
    long bytes = 0;
    for (String f : files) {
      try {
        bytes += Files.size(Path.of(f));
      } catch (IOException e) {
        throw new QueryException(ErrorCode.FILE_ERROR, "cannot read " + f + ": " + e.getMessage(), e);
      }
    }
    // Parquet and Arrow files know their row counts (a scan of no columns reads only metadata); for CSV a rough
    // estimate from size is enough, the join planner only needs relative sizes.
    long rows = format == FileFormatKind.CSV ? Math.max(1, bytes / Math.max(8, schema.size() * 6L))
        : countRows(files, format);
    return new TableDef(schemaName, name, format, location.toString(), files, schema, rows, options,
        declared != null);
  }

  private static RowSchema inspect(String name, FileFormatKind format, String file, CsvOptions csv) {
    try (BufferAllocator allocator = dev.ballista.engine.memory.Allocators.root();
         FileSystemDatasetFactory factory = new FileSystemDatasetFactory(allocator, NativeMemoryPool.getDefault(),
             arrowFormat(format), "file://" + file,
             format == FileFormatKind.CSV ? csv.inference() : Optional.empty())) {
      Schema arrow = factory.inspect();
      return ArrowTypes.fromArrow(arrow);
    } catch (ArrowTypes.UnsupportedTypeException e) {
      throw new QueryException(ErrorCode.NOT_SUPPORTED, "table " + name + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      throw new QueryException(ErrorCode.FILE_ERROR, "cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /** The declared columns as the files name them; each must be in the files with the declared type. */
  private static RowSchema matchDeclared(String name, RowSchema declared, RowSchema inFiles) {
    List<Column> columns = new ArrayList<>();
    for (Column d : declared.columns()) {
      Column found = null;
      for (Column f : inFiles.columns()) {
        if (f.name().equalsIgnoreCase(d.name())) {
          found = f;
        }
      }
      if (found == null) {
        throw new QueryException(ErrorCode.COLUMN_NOT_FOUND,
            "table " + name + ": column " + d.name() + " is not in the files");
      }
      if (!found.type().equals(d.type())) {
        throw new QueryException(ErrorCode.TYPE_MISMATCH, "table " + name + ": column " + d.name() + " is "
            + found.type() + " in the files, not " + d.type());
      }
      columns.add(new Column(found.name(), found.type(), found.nullable() || d.nullable()));
    }
    return new RowSchema(columns);
  }

  private static long countRows(List<String> files, FileFormatKind format) {
    String[] uris = files.stream().map(f -> "file://" + f).toArray(String[]::new);
    long rows = 0;
    try (BufferAllocator allocator = dev.ballista.engine.memory.Allocators.root();
         FileSystemDatasetFactory factory = new FileSystemDatasetFactory(allocator, NativeMemoryPool.getDefault(),
             arrowFormat(format), uris);
         Dataset dataset = factory.finish();
         Scanner scanner = dataset.newScan(new ScanOptions.Builder(1 << 20).columns(Optional.of(new String[0])).build());
         ArrowReader reader = scanner.scanBatches()) {
      while (reader.loadNextBatch()) {
        rows += reader.getVectorSchemaRoot().getRowCount();
      }
    } catch (Exception e) {
      throw new QueryException(ErrorCode.FILE_ERROR, "cannot read " + files.get(0) + ": " + e.getMessage(), e);
    }
    return Math.max(1, rows);
  }

  static List<String> listFiles(Path location, FileFormatKind format) {
    if (!Files.exists(location)) {
      throw new QueryException(ErrorCode.FILE_ERROR, "location " + location + " does not exist");
    }
    if (Files.isRegularFile(location)) {
      return List.of(location.toAbsolutePath().toString());
    }
    String suffix = switch (format) {
      case PARQUET -> ".parquet";
      case CSV -> ".csv";
      case ARROW -> ".arrow";
    };
    try (Stream<Path> paths = Files.walk(location)) {
      return paths.filter(Files::isRegularFile)
          .filter(p -> p.getFileName().toString().endsWith(suffix))
          .map(p -> p.toAbsolutePath().toString())
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new QueryException(ErrorCode.FILE_ERROR, "cannot list " + location + ": " + e.getMessage(), e);
    }
  }

  static FileFormat arrowFormat(FileFormatKind kind) {
    return switch (kind) {
      case PARQUET -> FileFormat.PARQUET;
      case CSV -> FileFormat.CSV;
      case ARROW -> FileFormat.ARROW_IPC;
    };
  }
}
