package dev.ballista.engine.exec.scan;

import dev.ballista.engine.ErrorCode;
import dev.ballista.engine.QueryException;
import dev.ballista.engine.exec.Batch;
import dev.ballista.engine.exec.BatchStream;
import dev.ballista.engine.exec.ExecutionPlan;
import dev.ballista.engine.exec.Partitioning;
import dev.ballista.engine.exec.TaskContext;
import dev.ballista.engine.exec.scan.parquet.ChunkBuffers;
import dev.ballista.engine.exec.scan.parquet.ParquetFileScan;
import dev.ballista.engine.types.DataType;
import dev.ballista.engine.types.ClientTypes;
import dev.ballista.engine.types.Column;
import dev.ballista.engine.types.RowSchema;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.arrow.dataset.file.FileFormat;
import org.apache.arrow.dataset.file.FileSystemDatasetFactory;
import org.apache.arrow.dataset.jni.NativeMemoryPool;
import org.apache.arrow.dataset.scanner.ScanOptions;
import org.apache.arrow.dataset.scanner.Scanner;
import org.apache.arrow.dataset.source.Dataset;
import org.apache.arrow.dataset.source.DatasetFactory;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;

/**
 * Reads files with Arrow Dataset's native readers, only the projected columns. Each partition reads its own
 * group of files, so partitions scan in parallel on different cores and executors. Parquet scans may carry
 * {@link ScanPredicate}s, handed to the reader as a Substrait filter: row groups whose statistics rule them out are
 * not read at all (a point lookup by key reads one row group, not the table).
 *
 * <p>Local Parquet files whose columns {@link ParquetFileScan} decodes are read by it, in Java; every other file
 * (CSV, Arrow IPC, remote, or Parquet with types or encodings it does not handle) by Arrow Dataset.
 */
public final class FileScanExec implements ExecutionPlan {
  /**
   * Whether local Parquet files are read by our Java reader ({@link ParquetFileScan}); files it cannot read go
   * through Arrow Dataset either way. {@code -Dballista.parquetReader=dataset} sends every file through Arrow
   * Dataset.
   */
  private static final boolean JAVA_PARQUET = !"dataset".equals(System.getProperty("ballista.parquetReader"));

  private final String tableName;
  private final FileFormatKind format;
  private final List<List<String>> fileGroups;
  private final RowSchema tableSchema;
  private final int[] projection;
  private final RowSchema schema;
  private final CsvOptions csv;
  private final List<ScanPredicate> predicates;
  private final List<ScanInPredicate> inPredicates;

  public FileScanExec(String tableName, FileFormatKind format, List<List<String>> fileGroups, RowSchema tableSchema,
      int[] projection) {
    this(tableName, format, fileGroups, tableSchema, projection, CsvOptions.DEFAULT);
  }

  /** A scan; {@code csv} says how CSV files are read (ignored for the other formats). */
  public FileScanExec(String tableName, FileFormatKind format, List<List<String>> fileGroups, RowSchema tableSchema,
      int[] projection, CsvOptions csv) {
    this(tableName, format, fileGroups, tableSchema, projection, csv, List.of());
  }

  /** A scan that also hands {@code predicates} (over table columns) to a Parquet reader. */
  public FileScanExec(String tableName, FileFormatKind format, List<List<String>> fileGroups, RowSchema tableSchema,
      int[] projection, CsvOptions csv, List<ScanPredicate> predicates) {
    this(tableName, format, fileGroups, tableSchema, projection, csv, predicates, List.of());
  }

  /** The same with {@code inPredicates} (over table columns) too. */
  public FileScanExec(String tableName, FileFormatKind format, List<List<String>> fileGroups, RowSchema tableSchema,
      int[] projection, CsvOptions csv, List<ScanPredicate> predicates, List<ScanInPredicate> inPredicates) {
    this.predicates = format == FileFormatKind.PARQUET ? List.copyOf(predicates) : List.of();
    this.inPredicates = format == FileFormatKind.PARQUET ? List.copyOf(inPredicates) : List.of();
    this.tableName = tableName;
    this.format = format;
    this.csv = csv;
    this.fileGroups = List.copyOf(fileGroups);
    this.tableSchema = tableSchema;
    this.projection = projection.clone();
    List<Column> columns = new ArrayList<>();
    for (int i : projection) {
      columns.add(tableSchema.column(i));
    }
    this.schema = new RowSchema(columns);
  }

  public String tableName() {
    return tableName;
  }

  public FileFormatKind format() {
    return format;
  }

  public List<List<String>> fileGroups() {
    return fileGroups;
  }

  public RowSchema tableSchema() {
    return tableSchema;
  }

  public int[] projection() {
    return projection.clone();
  }

  public CsvOptions csvOptions() {
    return csv;
  }

  /** Predicates the reader applies to skip data; empty for none (and always for CSV and Arrow files). */
  public List<ScanPredicate> predicates() {
    return predicates;
  }

  /** IN lists the Java Parquet reader applies to row groups and rows; empty for none. */
  public List<ScanInPredicate> inPredicates() {
    return inPredicates;
  }

  /** The same scan with {@code more} predicates added (kept only for Parquet). */
  public FileScanExec withPredicates(List<ScanPredicate> more) {
    return withPredicates(more, List.of());
  }

  /** The same scan with {@code more} predicates and {@code moreIn} IN lists added (Parquet only). */
  public FileScanExec withPredicates(List<ScanPredicate> more, List<ScanInPredicate> moreIn) {
    List<ScanPredicate> all = new ArrayList<>(predicates);
    all.addAll(more);
    List<ScanInPredicate> allIn = new ArrayList<>(inPredicates);
    allIn.addAll(moreIn);
    return new FileScanExec(tableName, format, fileGroups, tableSchema, projection, csv, all, allIn);
  }

  @Override
  public RowSchema schema() {
    return schema;
  }

  @Override
  public List<ExecutionPlan> children() {
    return List.of();
  }

  @Override
  public Partitioning outputPartitioning() {
    return new Partitioning.Unknown(Math.max(1, fileGroups.size()));
  }

  @Override
  public ExecutionPlan withChildren(List<ExecutionPlan> children) {
    return this;
  }

  @Override
  public BatchStream execute(int partition, TaskContext context) {
    if (fileGroups.isEmpty()) {
      return new BatchStream() {
        @Override
        public Batch next() {
          return null;
        }

        @Override
        public void close() {}
      };
    }
    List<String> files = fileGroups.get(partition);
    return format == FileFormatKind.PARQUET && JAVA_PARQUET
        ? parquetFiles(files, context) : new FileBatchStream(files, context);
  }

  private static FileFormat arrowFormat(FileFormatKind kind) {
    return switch (kind) {
      case PARQUET -> FileFormat.PARQUET;
      case CSV -> FileFormat.CSV;
      case ARROW -> FileFormat.ARROW_IPC;
    };
  }

  /** The projected columns' names in the files: CSV columns are named by position. */
  private String[] fileColumnNames() {
    String[] names = new String[projection.length];
    for (int i = 0; i < projection.length; i++) {
      names[i] = format == FileFormatKind.CSV ? CsvOptions.positionalName(projection[i])
          : tableSchema.column(projection[i]).name();
    }
    return names;
  }

  private org.apache.arrow.vector.types.pojo.Schema positionalFileSchema() {
    List<org.apache.arrow.vector.types.pojo.Field> fields = new ArrayList<>();
    for (int i = 0; i < tableSchema.size(); i++) {
      fields.add(org.apache.arrow.vector.types.pojo.Field.nullable(CsvOptions.positionalName(i),
          ClientTypes.arrowType(tableSchema.type(i))));
    }
    return new org.apache.arrow.vector.types.pojo.Schema(fields);
  }

  /** The files one after another, the Java reader's chunk arrays handed from each to the next. */
  private BatchStream parquetFiles(List<String> files, TaskContext context) {
    ChunkBuffers buffers = new ChunkBuffers();
    return BatchStream.concat(files, file -> openParquet(file, context, buffers));
  }

  /** A stream over one Parquet file: the Java reader when it reads the file, else Arrow Dataset. */
  private BatchStream openParquet(String file, TaskContext context, ChunkBuffers buffers) {
    String local = file.startsWith("file://") ? file.substring("file://".length()) : file.contains("://") ? null
        : file;
    if (local != null) {
      String[] names = fileColumnNames();
      DataType[] types = new DataType[projection.length];
      for (int i = 0; i < projection.length; i++) {
        types[i] = schema.type(i);
      }
      String[] predicateColumns = new String[predicates.size()];
      for (int i = 0; i < predicates.size(); i++) {
        predicateColumns[i] = tableSchema.column(predicates.get(i).column()).name();
      }
      String[] inColumns = new String[inPredicates.size()];
      for (int i = 0; i < inPredicates.size(); i++) {
        inColumns[i] = tableSchema.column(inPredicates.get(i).column()).name();
      }
      try {
        ParquetFileScan scan = ParquetFileScan.open(Path.of(local), names, types, predicates, predicateColumns,
            inPredicates, inColumns, context, buffers);
        if (scan != null) {
          return scan;
        }
      } catch (IOException | RuntimeException e) {
        throw new QueryException(ErrorCode.FILE_ERROR,
            "cannot read table " + tableName + " from " + file + ": " + e.getMessage(), e);
      }
    }
    return new FileBatchStream(List.of(file), context);
  }

  private final class FileBatchStream implements BatchStream {
    private final TaskContext context;
    private final DatasetFactory factory;
    private final Dataset dataset;
    private final Scanner scanner;
    private final ArrowReader reader;
    private final String[] columns = fileColumnNames();

    FileBatchStream(List<String> files, TaskContext context) {
      this.context = context;
      String[] uris = files.stream().map(f -> f.contains("://") ? f : "file://" + f).toArray(String[]::new);
      try {
        if (format == FileFormatKind.CSV) {
          // CSV columns by position, typed as the table declares them (every file read alike, no inference).
          factory = new FileSystemDatasetFactory(context.allocator(), NativeMemoryPool.getDefault(),
              arrowFormat(format), uris, Optional.of(csv.positionalScan()));
          dataset = factory.finish(positionalFileSchema());
        } else {
          factory = new FileSystemDatasetFactory(context.allocator(), NativeMemoryPool.getDefault(),
              arrowFormat(format), uris);
          dataset = factory.finish();
        }
        ScanOptions.Builder options = new ScanOptions.Builder(context.batchSize()).columns(Optional.of(columns));
        java.nio.ByteBuffer filter = predicates.isEmpty() ? null
            : SubstraitFilter.encode(factory.inspect(), tableSchema, predicates);
        if (filter != null) {
          options.substraitFilter(filter);
        }
        scanner = dataset.newScan(options.build());
        reader = scanner.scanBatches();
      } catch (RuntimeException e) {
        throw new QueryException(ErrorCode.FILE_ERROR,
            "cannot read table " + tableName + " from " + files + ": " + e.getMessage(), e);
      }
    }

    @Override
    public Batch next() {
      context.checkCancelled();
      try {
        if (!reader.loadNextBatch()) {
          return null;
        }
        VectorSchemaRoot root = reader.getVectorSchemaRoot();
        int rows = root.getRowCount();
        FieldVector[] out = new FieldVector[projection.length];
        for (int i = 0; i < projection.length; i++) {
          FieldVector v = root.getVector(columns[i]);
          out[i] = StorageConverter.toStorage(v, schema.type(i), context.allocator());
        }
        return context.countInput(new Batch(out, rows));
      } catch (QueryException e) {
        throw e;
      } catch (Exception e) {
        throw new QueryException(ErrorCode.FILE_ERROR, "error reading table " + tableName + ": " + e.getMessage(), e);
      }
    }

    @Override
    public void close() {
      try {
        reader.close();
        scanner.close();
        dataset.close();
        factory.close();
      } catch (Exception e) {
        throw new IllegalStateException("closing scan of " + tableName, e);
      }
    }
  }

  @Override
  public String describe() {
    List<String> names = new ArrayList<>();
    for (Column c : schema.columns()) {
      names.add(c.name());
    }
    String csvText = format != FileFormatKind.CSV || csv.equals(CsvOptions.DEFAULT) ? ""
        : " delimiter='" + csv.delimiter() + "' header=" + csv.header();
    List<String> filters = new ArrayList<>();
    for (ScanPredicate p : predicates) {
      filters.add(tableSchema.column(p.column()).name() + " " + p.op() + " " + p.value());
    }
    for (ScanInPredicate p : inPredicates) {
      filters.add(tableSchema.column(p.column()).name() + " IN " + p.values().stream()
          .map(v -> v instanceof String text ? "'" + text.replace("'", "''") + "'" : String.valueOf(v))
          .collect(java.util.stream.Collectors.joining(", ", "(", ")")));
    }
    return "FileScanExec: " + tableName + " " + format + csvText + " projection=" + names
        + (filters.isEmpty() ? "" : " pushed=" + filters) + " partitions=" + fileGroups.size();
  }
}
