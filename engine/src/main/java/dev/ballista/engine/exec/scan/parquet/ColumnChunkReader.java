package dev.ballista.engine.exec.scan.parquet;

import dev.ballista.engine.expr.Vectors;
import dev.ballista.engine.types.ArrowTypes;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.parquet.format.DataPageHeader;
import org.apache.parquet.format.DataPageHeaderV2;
import org.apache.parquet.format.Encoding;
import org.apache.parquet.format.PageHeader;
import org.apache.parquet.format.PageType;
import org.apache.parquet.format.Util;

/**
 * Decodes one column chunk (a column of one row group), page by page, into engine vectors of up to a batch of rows.
 * Values go straight from the page into Arrow memory: plain fixed-width values in one copy, dictionary-encoded ones
 * through the dictionary decoded once per chunk, text through one staging array per batch.
 */
final class ColumnChunkReader {
  private static final VarHandle INT_LE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle LONG_LE =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private final ParquetColumn column;
  private final ParquetColumn.Value kind;
  private byte[] chunk;
  private int chunkEnd;
  private PageCodec codec;
  private Headers headers;

  /** The current page's body: {@code page[pagePos..pageEnd)} holds its values (levels already read). */
  private byte[] page;
  private int pagePos;
  private int pageEnd;
  private int pageRowsLeft;
  private boolean dictionaryEncoded;
  private byte[] decompressed = new byte[0];

  private final RleBitPackedDecoder indices = new RleBitPackedDecoder();
  private final RleBitPackedDecoder levels = new RleBitPackedDecoder();

  /** The dictionary: fixed-width values in their engine lane, or text as start offsets into its bytes. */
  private long[] dictValues;
  private byte[] dictBytes;
  private int[] dictStarts;
  private int dictSize = -1;

  private int[] scratch = new int[0];
  private int[] levelScratch = new int[0];
  /** Text staging for one batch: the bytes, and each row's end offset. */
  private byte[] text = new byte[0];
  private int textLength;
  private int[] ends = new int[1];
  private byte[] textValid = new byte[0];

  /**
   * Text rows read by {@link #readTextRefs}, not yet in a vector: row i's bytes are {@code refLength[i]} bytes from
   * {@code refStart[i]} in the dictionary when {@code refId[i]} (its entry) is not negative, else in {@link #text}.
   */
  private int[] refId = new int[0];
  private int[] refStart = new int[0];
  private int[] refLength = new int[0];
  /** Per entry of this chunk's dictionary: whether it is one of {@link #dictMatchesOf}; null until asked. */
  private boolean[] dictMatches;
  private byte[][] dictMatchesOf;
  /** The chosen rows' text, for one vector, and each one's end in it (the first entry stays 0). */
  private byte[] gathered = new byte[0];
  private int[] gatheredEnds = new int[1];

  /** A reader of one column, for one column chunk after another ({@link #start}); its buffers are reused. */
  ColumnChunkReader(ParquetColumn column) {
    this.column = column;
    this.kind = column.value();
  }

  /** Starts on a column chunk: {@code chunk[0..chunkLength)}, its pages compressed with {@code codec}. */
  void start(byte[] chunk, int chunkLength, PageCodec codec) {
    this.chunk = chunk;
    this.chunkEnd = chunkLength;
    this.codec = codec;
    this.headers = new Headers(chunk, chunkLength);
    this.pageRowsLeft = 0;
    this.dictionaryEncoded = false;
    this.dictValues = null;
    this.dictBytes = null;
    this.dictStarts = null;
    this.dictSize = -1;
    this.dictMatches = null;
    this.dictMatchesOf = null;
  }

  /** Reads the next {@code rows} rows into a new vector. */
  FieldVector read(int rows, BufferAllocator allocator) throws IOException {
    prepare(rows);
    FieldVector out = kind == ParquetColumn.Value.UTF8 ? null : Vectors.allocate(column.type(), rows, allocator);
    try {
      ArrowBuf data = out == null ? null : out.getDataBuffer();
      ArrowBuf validity = out == null ? null : out.getValidityBuffer();
      int done = 0;
      while (done < rows) {
        if (pageRowsLeft == 0) {
          nextDataPage();
        }
        int n = Math.min(rows - done, pageRowsLeft);
        if (column.optional()) {
          readOptional(data, validity, done, n);
        } else {
          readValues(data, done, n);
        }
        pageRowsLeft -= n;
        done += n;
      }
      if (out == null) {
        return textVector(rows, allocator);
      }
      if (!column.optional()) {
        Vectors.setAllValid(out, rows);
      }
      out.setValueCount(rows);
      return out;
    } catch (RuntimeException | IOException e) {
      if (out != null) {
        out.close();
      }
      throw e;
    }
  }

  private void prepare(int rows) {
    if (scratch.length < rows) {
      scratch = new int[rows];
      levelScratch = new int[rows];
      ends = new int[rows + 1];
      textValid = new byte[rows];
    }
    textLength = 0;
  }

  /** Whether {@link #readTextRefs} reads this column: text without nulls. */
  boolean readsTextRefs() {
    return kind == ParquetColumn.Value.UTF8 && !column.optional();
  }

  /**
   * Reads the next {@code rows} rows of a text column without nulls as references to their bytes, so a filter can
   * drop rows before any text is copied ({@link #keepText}) and only the rows kept become a vector
   * ({@link #textRefsVector}).
   */
  void readTextRefs(int rows) throws IOException {
    prepare(rows);
    if (refId.length < rows) {
      refId = new int[rows];
      refStart = new int[rows];
      refLength = new int[rows];
    }
    int done = 0;
    while (done < rows) {
      if (pageRowsLeft == 0) {
        nextDataPage();
      }
      int n = Math.min(rows - done, pageRowsLeft);
      if (dictionaryEncoded) {
        int[] ids = scratch;
        indices.read(ids, 0, n);
        int[] starts = dictStarts;
        for (int i = 0; i < n; i++) {
          int id = ids[i];
          int from = starts[id]; // an index past the dictionary (a corrupt page) fails here or on the next line
          refLength[done + i] = starts[id + 1] - from;
          refStart[done + i] = from;
          refId[done + i] = id;
        }
      } else {
        int before = textLength;
        readValues(null, done, n); // ends[done+1 .. done+n] are the values' ends in text
        for (int i = 0; i < n; i++) {
          int from = i == 0 ? before : ends[done + i];
          refId[done + i] = -1;
          refStart[done + i] = from;
          refLength[done + i] = ends[done + i + 1] - from;
        }
      }
      pageRowsLeft -= n;
      done += n;
    }
  }

  /**
   * Keeps in {@code rows[0..count)} the rows read by {@link #readTextRefs} whose text is one of {@code values};
   * answers how many. Dictionary-encoded rows are decided by their entry, each entry compared once per chunk.
   */
  int keepText(byte[][] values, int[] rows, int count) {
    boolean[] matches = null;
    if (dictStarts != null) {
      if (dictMatchesOf != values) {
        dictMatches = new boolean[dictSize];
        for (int d = 0; d < dictSize; d++) {
          dictMatches[d] = oneOf(dictBytes, dictStarts[d], dictStarts[d + 1] - dictStarts[d], values);
        }
        dictMatchesOf = values;
      }
      matches = dictMatches;
    }
    int kept = 0;
    for (int k = 0; k < count; k++) {
      int r = rows[k];
      int id = refId[r];
      if (id >= 0 ? matches[id] : oneOf(text, refStart[r], refLength[r], values)) {
        rows[kept++] = r;
      }
    }
    return kept;
  }

  static boolean oneOf(byte[] bytes, int from, int length, byte[][] values) {
    for (byte[] v : values) {
      if (v.length == length && Arrays.equals(bytes, from, from + length, v, 0, length)) {
        return true;
      }
    }
    return false;
  }

  /** Rows {@code rows[0..count)} of those read by {@link #readTextRefs} (the first count when null) as a vector. */
  FieldVector textRefsVector(int[] rows, int count, BufferAllocator allocator) {
    long total = 0;
    for (int k = 0; k < count; k++) {
      total += refLength[rows == null ? k : rows[k]];
    }
    if (total > Integer.MAX_VALUE - 16) {
      throw new IllegalStateException("text of one batch exceeds 2 GB");
    }
    if (gathered.length < total) {
      gathered = new byte[(int) Math.max(total, Math.min(Integer.MAX_VALUE - 16, gathered.length * 2L))];
    }
    if (gatheredEnds.length < count + 1) {
      gatheredEnds = new int[count + 1];
    }
    byte[] dict = dictBytes;
    int at = 0;
    for (int k = 0; k < count; k++) {
      int r = rows == null ? k : rows[k];
      int length = refLength[r];
      copy(refId[r] >= 0 ? dict : text, refStart[r], gathered, at, length);
      at += length;
      gatheredEnds[k + 1] = at;
    }
    return textVector(gathered, gatheredEnds, count, null, allocator);
  }

  /** Reads n rows with their definition levels: the non-null values dense, then spread to their rows. */
  private void readOptional(ArrowBuf data, ArrowBuf validity, int row, int n) {
    int[] defined = levelScratch;
    levels.read(defined, 0, n);
    int present = 0;
    for (int i = 0; i < n; i++) {
      present += defined[i];
    }
    if (kind == ParquetColumn.Value.UTF8) {
      readValues(null, row, present); // the present values' ends, dense in ends[row+1 .. row+present]
      // Spread from the back (a row's dense end is never to the right of its own slot), then give each null row
      // the end of the row before it.
      int j = row + present;
      for (int i = n - 1; i >= 0; i--) {
        int r = row + i;
        textValid[r] = (byte) defined[i];
        if (defined[i] != 0) {
          ends[r + 1] = ends[j--];
        }
      }
      for (int i = 0; i < n; i++) {
        int r = row + i;
        if (defined[i] == 0) {
          ends[r + 1] = ends[r];
        }
      }
      return;
    }
    readValues(data, row, present);
    int width = kind.width();
    int j = row + present - 1;
    for (int i = n - 1; i >= 0; i--) {
      long at = (long) (row + i) * width;
      if (defined[i] != 0) {
        if (j != row + i) {
          copyValue(data, (long) j * width, at, width);
        }
        j--;
        Vectors.setBit(validity, row + i, true);
      } else {
        copyZero(data, at, width);
      }
    }
  }

  private static void copyValue(ArrowBuf data, long from, long to, int width) {
    if (width == 8) {
      data.setLong(to, data.getLong(from));
    } else {
      data.setInt(to, data.getInt(from));
    }
  }

  private static void copyZero(ArrowBuf data, long at, int width) {
    if (width == 8) {
      data.setLong(at, 0);
    } else {
      data.setInt(at, 0);
    }
  }

  /**
   * Decodes n values of the current page, dense: fixed-width ones into {@code data} from row {@code row}, text
   * into the staging array with their ends in {@code ends[row+1 .. row+n]}.
   */
  private void readValues(ArrowBuf data, int row, int n) {
    if (n == 0) {
      return;
    }
    if (dictionaryEncoded) {
      int[] ids = scratch;
      indices.read(ids, 0, n);
      // An index past the dictionary (a corrupt page) fails on the array access below.
      if (kind == ParquetColumn.Value.UTF8) {
        int total = 0;
        for (int i = 0; i < n; i++) {
          total += dictStarts[ids[i] + 1] - dictStarts[ids[i]];
        }
        ensureText(total);
        int at = textLength;
        for (int i = 0; i < n; i++) {
          int from = dictStarts[ids[i]];
          int length = dictStarts[ids[i] + 1] - from;
          copy(dictBytes, from, text, at, length);
          at += length;
          ends[row + 1 + i] = at;
        }
        textLength = at;
      } else if (kind.width() == 8) {
        long[] dict = dictValues;
        for (int i = 0; i < n; i++) {
          data.setLong((long) (row + i) << 3, dict[ids[i]]);
        }
      } else {
        long[] dict = dictValues;
        for (int i = 0; i < n; i++) {
          data.setInt((long) (row + i) << 2, (int) dict[ids[i]]);
        }
      }
      return;
    }
    switch (kind) {
      case FIXED4, FIXED8 -> {
        int bytes = n * kind.width();
        checkPage(bytes);
        data.setBytes((long) row * kind.width(), page, pagePos, bytes);
        pagePos += bytes;
      }
      case INT32_TO_LONG -> {
        checkPage(n * 4);
        for (int i = 0; i < n; i++) {
          data.setLong((long) (row + i) << 3, (int) INT_LE.get(page, pagePos));
          pagePos += 4;
        }
      }
      case BIG_ENDIAN_TO_LONG -> {
        int width = column.typeLength();
        checkPage(n * width);
        for (int i = 0; i < n; i++) {
          data.setLong((long) (row + i) << 3, bigEndian(page, pagePos, width));
          pagePos += width;
        }
      }
      case UTF8 -> {
        int at = textLength;
        for (int i = 0; i < n; i++) {
          checkPage(4);
          int length = (int) INT_LE.get(page, pagePos);
          pagePos += 4;
          if (length < 0) {
            throw new IllegalStateException("corrupt page: negative string length");
          }
          checkPage(length);
          ensureText(at - textLength + length);
          copy(page, pagePos, text, at, length);
          pagePos += length;
          at += length;
          ends[row + 1 + i] = at;
        }
        textLength = at;
      }
    }
  }

  /** Copies a value's bytes: short ones (most text in a table) in a loop, which costs less than a copy call. */
  private static void copy(byte[] from, int fromIndex, byte[] to, int toIndex, int length) {
    if (length <= 16) {
      for (int k = 0; k < length; k++) {
        to[toIndex + k] = from[fromIndex + k];
      }
    } else {
      System.arraycopy(from, fromIndex, to, toIndex, length);
    }
  }

  private void checkPage(int bytes) {
    if (pagePos + bytes > pageEnd || bytes < 0) {
      throw new IllegalStateException("corrupt page: values past the end of the page");
    }
  }

  /** Makes room for {@code more} bytes of text after {@link #textLength}. */
  private void ensureText(int more) {
    long need = (long) textLength + more;
    if (need > text.length) {
      if (need > Integer.MAX_VALUE - 16) {
        throw new IllegalStateException("text of one batch exceeds 2 GB");
      }
      text = Arrays.copyOf(text, (int) Math.max(need, Math.min(Integer.MAX_VALUE - 16, text.length * 2L)));
    }
  }

  private static long bigEndian(byte[] bytes, int offset, int width) {
    long v = bytes[offset] < 0 ? -1L : 0L;
    for (int i = 0; i < width; i++) {
      v = (v << 8) | (bytes[offset + i] & 0xffL);
    }
    return v;
  }

  private FieldVector textVector(int rows, BufferAllocator allocator) {
    return textVector(text, ends, rows, column.optional() ? textValid : null, allocator);
  }

  /**
   * A text vector of {@code rows} values: row i is {@code bytes[ends[i] .. ends[i+1])} ({@code ends[0]} is 0), null
   * where {@code valid[i]} is 0 ({@code valid} null: none is).
   */
  private FieldVector textVector(byte[] bytes, int[] ends, int rows, byte[] valid, BufferAllocator allocator) {
    VarCharVector out = (VarCharVector) ArrowTypes.newVector(column.name(), column.type(), allocator);
    try {
      out.allocateNew(Math.max(ends[rows], 1), Math.max(rows, 1));
      ArrowBuf offsets = out.getOffsetBuffer();
      for (int i = 0; i <= rows; i++) {
        offsets.setInt((long) i << 2, ends[i]);
      }
      out.getDataBuffer().setBytes(0, bytes, 0, ends[rows]);
      if (valid != null) {
        ArrowBuf validity = out.getValidityBuffer();
        for (int i = 0; i < rows; i++) {
          if (valid[i] != 0) {
            Vectors.setTrue(validity, i);
          }
        }
      } else {
        Vectors.setAllValid(out, rows);
      }
      out.setLastSet(rows - 1);
      out.setValueCount(rows);
      return out;
    } catch (RuntimeException e) {
      out.close();
      throw e;
    }
  }

  /** Moves to the next data page, reading a dictionary page on the way. */
  private void nextDataPage() throws IOException {
    while (true) {
      if (headers.position() >= chunkEnd) {
        throw new IllegalStateException("corrupt column chunk: fewer values than the row group has rows");
      }
      PageHeader header = Util.readPageHeader(headers);
      int bodyStart = headers.position();
      int compressedSize = header.getCompressed_page_size();
      int size = header.getUncompressed_page_size();
      if (compressedSize < 0 || size < 0 || bodyStart + compressedSize > chunkEnd) {
        throw new IllegalStateException("corrupt page header: page past the end of its column chunk");
      }
      headers.skipTo(bodyStart + compressedSize);
      PageType type = header.getType();
      if (type == PageType.DICTIONARY_PAGE) {
        body(bodyStart, compressedSize, size, 0);
        readDictionary(header.getDictionary_page_header().getNum_values());
      } else if (type == PageType.DATA_PAGE) {
        DataPageHeader h = header.getData_page_header();
        body(bodyStart, compressedSize, size, 0);
        if (column.optional()) {
          if (h.getDefinition_level_encoding() != Encoding.RLE) {
            throw new IllegalStateException("definition levels encoded as " + h.getDefinition_level_encoding());
          }
          if (pagePos + 4 > pageEnd) {
            throw new IllegalStateException("corrupt page: no definition levels");
          }
          int length = (int) INT_LE.get(page, pagePos);
          if (length < 0 || pagePos + 4 + length > pageEnd) {
            throw new IllegalStateException("corrupt page: definition levels past the end of the page");
          }
          levels.reset(page, pagePos + 4, pagePos + 4 + length, 1);
          pagePos += 4 + length;
        }
        startValues(h.getEncoding(), h.getNum_values());
        return;
      } else if (type == PageType.DATA_PAGE_V2) {
        DataPageHeaderV2 h = header.getData_page_header_v2();
        int levelBytes = h.getRepetition_levels_byte_length() + h.getDefinition_levels_byte_length();
        if (levelBytes < 0 || levelBytes > compressedSize) {
          throw new IllegalStateException("corrupt page header: levels larger than the page");
        }
        body(bodyStart, compressedSize, size, h.isSetIs_compressed() && !h.isIs_compressed() ? -1 : levelBytes);
        if (column.optional()) {
          int defStart = pagePos + h.getRepetition_levels_byte_length();
          levels.reset(page, defStart, defStart + h.getDefinition_levels_byte_length(), 1);
        }
        pagePos += levelBytes;
        startValues(h.getEncoding(), h.getNum_values());
        return;
      }
      // Index pages and kinds this reader does not know carry no values: skip them.
    }
  }

  /**
   * Points {@link #page} at a page body, decompressed when the chunk is compressed. {@code plainPrefix} bytes at
   * its start (data page v2 levels) are never compressed; -1 says the whole body is stored as is.
   */
  private void body(int start, int compressedSize, int size, int plainPrefix) throws IOException {
    if (!codec.compressed() || plainPrefix < 0) {
      page = chunk;
      pagePos = start;
      pageEnd = start + compressedSize;
      return;
    }
    if (decompressed.length < size) {
      decompressed = new byte[size];
    }
    System.arraycopy(chunk, start, decompressed, 0, plainPrefix);
    codec.decompress(chunk, start + plainPrefix, compressedSize - plainPrefix, decompressed, plainPrefix,
        size - plainPrefix);
    page = decompressed;
    pagePos = 0;
    pageEnd = size;
  }

  private void startValues(Encoding encoding, int values) {
    pageRowsLeft = values;
    if (encoding == Encoding.PLAIN_DICTIONARY || encoding == Encoding.RLE_DICTIONARY) {
      if (dictSize < 0) {
        throw new IllegalStateException("corrupt column chunk: dictionary-encoded page without a dictionary");
      }
      if (pagePos >= pageEnd) {
        throw new IllegalStateException("corrupt page: no bit width");
      }
      int bitWidth = page[pagePos];
      indices.reset(page, pagePos + 1, pageEnd, bitWidth);
      dictionaryEncoded = true;
    } else if (encoding == Encoding.PLAIN) {
      dictionaryEncoded = false;
    } else {
      throw new IllegalStateException("values encoded as " + encoding + " are not supported");
    }
  }

  /** Decodes a PLAIN dictionary page of {@code count} values from the current body. */
  private void readDictionary(int count) {
    if (count < 0) {
      throw new IllegalStateException("corrupt dictionary page");
    }
    dictSize = count;
    if (kind == ParquetColumn.Value.UTF8) {
      int[] starts = new int[count + 1];
      int at = pagePos;
      for (int i = 0; i < count; i++) {
        if (at + 4 > pageEnd) {
          throw new IllegalStateException("corrupt dictionary page");
        }
        int length = (int) INT_LE.get(page, at);
        if (length < 0 || at + 4 + length > pageEnd) {
          throw new IllegalStateException("corrupt dictionary page");
        }
        starts[i + 1] = starts[i] + length;
        at += 4 + length;
      }
      byte[] bytes = new byte[starts[count]];
      at = pagePos;
      for (int i = 0; i < count; i++) {
        int length = starts[i + 1] - starts[i];
        System.arraycopy(page, at + 4, bytes, starts[i], length);
        at += 4 + length;
      }
      dictStarts = starts;
      dictBytes = bytes;
      dictMatches = null;
      dictMatchesOf = null;
      return;
    }
    long[] values = new long[count];
    int width = kind == ParquetColumn.Value.BIG_ENDIAN_TO_LONG ? column.typeLength()
        : kind == ParquetColumn.Value.FIXED8 ? 8 : 4;
    if (pagePos + (long) count * width > pageEnd) {
      throw new IllegalStateException("corrupt dictionary page");
    }
    for (int i = 0; i < count; i++) {
      int at = pagePos + i * width;
      values[i] = switch (kind) {
        case FIXED8 -> (long) LONG_LE.get(page, at);
        case BIG_ENDIAN_TO_LONG -> bigEndian(page, at, width);
        default -> (int) INT_LE.get(page, at); // FIXED4 (raw 32 bits) and INT32_TO_LONG (sign-extended)
      };
    }
    dictValues = values;
  }

  /** The column chunk's bytes as a stream for the Thrift page headers, with its position exposed. */
  private static final class Headers extends ByteArrayInputStream {
    Headers(byte[] bytes, int length) {
      super(bytes, 0, length);
    }

    int position() {
      return pos;
    }

    void skipTo(int position) {
      pos = position;
    }
  }
}
