package dev.ballista.engine.catalog;

import dev.ballista.engine.ErrorCode;
import dev.ballista.engine.QueryException;
import dev.ballista.engine.exec.scan.FileFormatKind;
import dev.ballista.engine.types.ArrowTypes;
import dev.ballista.engine.types.RowSchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.arrow.dataset.file.FileFormat;
import org.apache.arrow.dataset.file.FileSystemDatasetFactory;
import org.apache.arrow.dataset.jni.NativeMemoryPool;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.types.pojo.Schema;

/** Builds a {@link TableDef} from a file or a directory of files, reading the schema from the files. */
public final class TableLoader {
  private TableLoader() {}

  public static TableDef load(String schemaName, String name, FileFormatKind format, Path location,
      Map<String, String> options) {
    List<String> files = listFiles(location, format);
    if (files.isEmpty()) {
      throw new QueryException(ErrorCode.FILE_ERROR, "no " + format + " files found at " + location);
    }
    RowSchema schema;
    try (BufferAllocator allocator = new RootAllocator();
         FileSystemDatasetFactory factory = new FileSystemDatasetFactory(allocator, NativeMemoryPool.getDefault(),
             arrowFormat(format), "file://" + files.get(0))) {
      Schema arrow = factory.inspect();
      schema = ArrowTypes.fromArrow(arrow);
    } catch (ArrowTypes.UnsupportedTypeException e) {
      throw new QueryException(ErrorCode.NOT_SUPPORTED, "table " + name + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      throw new QueryException(ErrorCode.FILE_ERROR, "cannot read " + files.get(0) + ": " + e.getMessage(), e);
    }
    long bytes = 0;
    for (String f : files) {
      try {
        bytes += Files.size(Path.of(f));
      } catch (IOException e) {
        throw new QueryException(ErrorCode.FILE_ERROR, "cannot read " + f + ": " + e.getMessage(), e);
      }
    }
    // Without reading footers, a rough row estimate from size; planning only needs relative sizes.
    long rowEstimate = Math.max(1, bytes / Math.max(8, schema.size() * 6L));
    return new TableDef(schemaName, name, format, location.toString(), files, schema, rowEstimate, options);
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
