package dev.ballista.engine.exec.scan.parquet;

import dev.ballista.engine.ErrorCode;
import dev.ballista.engine.QueryException;
import dev.ballista.engine.exec.Batch;
import dev.ballista.engine.exec.BatchStream;
import dev.ballista.engine.exec.TaskContext;
import dev.ballista.engine.exec.scan.ScanPredicate;
import dev.ballista.engine.exec.scan.ScanInPredicate;
import dev.ballista.engine.types.DataType;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.FieldVector;
import org.apache.parquet.format.ColumnChunk;
import org.apache.parquet.format.ColumnMetaData;
import org.apache.parquet.format.FileMetaData;
import org.apache.parquet.format.RowGroup;
import org.apache.parquet.format.SchemaElement;
import org.apache.parquet.format.Util;

/**
 * Reads the projected columns of one local Parquet file into engine batches, row group by row group, in Java: no
 * native reader, no copies between its memory and ours, scaled-long decimals decoded straight from INT64 pages.
 * Row groups whose min/max statistics rule out a pushed predicate are not read, and rows failing one are dropped
 * before the other columns are copied ({@link RowFilters}). A batch never spans row groups.
 *
 * <p>{@link #open} answers null for a file this reader does not handle (see {@link ParquetColumn}); the caller
 * reads it another way.
 */
public final class ParquetFileScan implements BatchStream {
  private static final byte[] MAGIC = {'P', 'A', 'R', '1'};

  private final Path path;
  private final FileChannel channel;
  private final FileMetaData footer;
  private final ParquetColumn[] columns;
  private final List<Integer> rowGroups;
  private final TaskContext context;
  private final ChunkBuffers chunkBuffers;
  private final ColumnChunkReader[] readers;
  private final RowFilters filters;
  private int nextRowGroup;
  private long rowsLeft;

  private ParquetFileScan(Path path, FileChannel channel, FileMetaData footer, ParquetColumn[] columns,
      List<Integer> rowGroups, TaskContext context, ChunkBuffers chunkBuffers, RowFilters filters) {
    this.path = path;
    this.channel = channel;
    this.footer = footer;
    this.columns = columns;
    this.rowGroups = rowGroups;
    this.context = context;
    this.chunkBuffers = chunkBuffers;
    this.filters = filters;
    this.readers = new ColumnChunkReader[columns.length];
    for (int i = 0; i < columns.length; i++) {
      readers[i] = new ColumnChunkReader(columns[i]);
    }
  }

  /**
   * A scan of {@code names} (typed {@code types}) from the file, skipping row groups that {@code predicates} rule
   * out ({@code predicateColumns[i]} names predicate i's column); null when this reader cannot read the file.
   */
  public static ParquetFileScan open(Path path, String[] names, DataType[] types, List<ScanPredicate> predicates,
      String[] predicateColumns, TaskContext context) throws IOException {
    return open(path, names, types, predicates, predicateColumns, context, new ChunkBuffers());
  }

  /** The same, reading column chunks into {@code buffers}, which the files read before this one may have grown. */
  public static ParquetFileScan open(Path path, String[] names, DataType[] types, List<ScanPredicate> predicates,
      String[] predicateColumns, TaskContext context, ChunkBuffers buffers) throws IOException {
    return open(path, names, types, predicates, predicateColumns, List.of(), new String[0], context, buffers);
  }

  /**
   * The same, also dropping rows that fail a predicate: {@code predicates} and {@code inPredicates} (naming
   * their columns in {@code predicateColumns} and {@code inColumns}) rule out row groups by their statistics, and
   * on projected columns are checked row by row.
   * Rows failing one are not all dropped (see {@link RowFilters}), so a filter above must still decide.
   */
  public static ParquetFileScan open(Path path, String[] names, DataType[] types, List<ScanPredicate> predicates,
      String[] predicateColumns, List<ScanInPredicate> inPredicates, String[] inColumns, TaskContext context,
      ChunkBuffers buffers) throws IOException {
    FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
    try {
      FileMetaData footer = readFooter(path, channel);
      Map<String, Integer> leaves = flatLeaves(footer.getSchema());
      if (leaves == null) {
        channel.close();
        return null;
      }
      ParquetColumn[] columns = new ParquetColumn[names.length];
      for (int i = 0; i < names.length; i++) {
        Integer leaf = leaves.get(names[i]);
        columns[i] = leaf == null ? null
            : ParquetColumn.of(names[i], leaf, footer.getSchema().get(leaf + 1), types[i]);
        if (columns[i] == null) {
          channel.close();
          return null;
        }
      }
      List<Integer> groups = new ArrayList<>();
      for (int g = 0; g < footer.getRow_groupsSize(); g++) {
        RowGroup group = footer.getRow_groups().get(g);
        for (ParquetColumn c : columns) {
          if (c.leaf() >= group.getColumnsSize() || !ParquetColumn.readable(group.getColumns().get(c.leaf())
              .getMeta_data())) {
            channel.close();
            return null;
          }
        }
        if (group.getNum_rows() > 0 && !StatisticsPruning.rulesOut(group, leaves, predicates, predicateColumns,
            inPredicates, inColumns, footer.getSchema())) {
          groups.add(g);
        }
      }
      return new ParquetFileScan(path, channel, footer, columns, groups, context, buffers,
          RowFilters.of(columns, predicates, predicateColumns, inPredicates, inColumns));
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  /** Leaf column name to index, for a flat schema (a root whose children are all leaves); null otherwise. */
  private static Map<String, Integer> flatLeaves(List<SchemaElement> schema) {
    if (schema.isEmpty() || schema.get(0).getNum_children() != schema.size() - 1) {
      return null;
    }
    Map<String, Integer> leaves = new HashMap<>();
    for (int i = 1; i < schema.size(); i++) {
      SchemaElement e = schema.get(i);
      if (e.isSetNum_children() && e.getNum_children() > 0) {
        return null;
      }
      leaves.put(e.getName(), i - 1);
    }
    return leaves;
  }

  static FileMetaData readFooter(Path path, FileChannel channel) throws IOException {
    long size = channel.size();
    if (size < 12) {
      throw new IOException(path + " is not a Parquet file (" + size + " bytes)");
    }
    ByteBuffer tail = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
    readFully(channel, tail, size - 8);
    int length = tail.getInt(0);
    for (int i = 0; i < 4; i++) {
      if (tail.get(4 + i) != MAGIC[i]) {
        throw new IOException(path + " is not a Parquet file (no PAR1 at its end)");
      }
    }
    if (length <= 0 || length > size - 12) {
      throw new IOException(path + ": corrupt footer length " + length);
    }
    ByteBuffer footer = ByteBuffer.allocate(length);
    readFully(channel, footer, size - 8 - length);
    return Util.readFileMetaData(new ByteArrayInputStream(footer.array()));
  }

  private static void readFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
    while (buffer.hasRemaining()) {
      int n = channel.read(buffer, position + buffer.position());
      if (n < 0) {
        throw new IOException("unexpected end of file");
      }
    }
  }

  @Override
  public Batch next() {
    context.checkCancelled();
    try {
      while (true) {
        while (rowsLeft == 0) {
          if (nextRowGroup >= rowGroups.size()) {
            return null;
          }
          openRowGroup(footer.getRow_groups().get(rowGroups.get(nextRowGroup++)));
        }
        int rows = (int) Math.min(context.batchSize(), rowsLeft);
        rowsLeft -= rows;
        Batch batch = filters == null ? readAll(rows) : filters.read(readers, rows, context.allocator());
        context.addInputRows(rows); // the rows read, also those a predicate dropped
        if (batch != null) {
          context.addInputBytes(batch.bufferSize());
          return batch;
        }
        context.checkCancelled(); // every row of that batch failed a predicate
      }
    } catch (QueryException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw new QueryException(ErrorCode.FILE_ERROR, "error reading " + path + ": " + e.getMessage(), e);
    }
  }

  private Batch readAll(int rows) throws IOException {
    FieldVector[] out = new FieldVector[columns.length];
    try {
      for (int i = 0; i < columns.length; i++) {
        out[i] = readers[i].read(rows, context.allocator());
      }
    } catch (IOException | RuntimeException e) {
      for (FieldVector v : out) {
        if (v != null) {
          v.close();
        }
      }
      throw e;
    }
    return new Batch(out, rows);
  }

  /** Reads the projected column chunks of a row group into memory (one read each) and starts their readers. */
  private void openRowGroup(RowGroup group) throws IOException {
    for (int i = 0; i < columns.length; i++) {
      ColumnChunk chunk = group.getColumns().get(columns[i].leaf());
      ColumnMetaData meta = chunk.getMeta_data();
      long start = meta.getData_page_offset();
      if (meta.isSetDictionary_page_offset() && meta.getDictionary_page_offset() > 0) {
        start = Math.min(start, meta.getDictionary_page_offset());
      }
      long length = meta.getTotal_compressed_size();
      if (start < 4 || length <= 0 || length > Integer.MAX_VALUE - 16 || start + length > channel.size()) {
        throw new IOException("corrupt column chunk of " + columns[i].name() + " (offset " + start + ", length "
            + length + ")");
      }
      byte[] buffer = chunkBuffers.get(i, (int) length);
      readFully(channel, ByteBuffer.wrap(buffer, 0, (int) length), start);
      readers[i].start(buffer, (int) length, new PageCodec(meta.getCodec()));
    }
    rowsLeft = group.getNum_rows();
  }

  @Override
  public void close() {
    try {
      channel.close();
    } catch (IOException e) {
      throw new QueryException(ErrorCode.FILE_ERROR, "closing " + path + ": " + e.getMessage(), e);
    }
  }
}
