package dev.ballista.tpch;

import io.trino.tpch.GenerateUtils;
import io.trino.tpch.TpchEntity;
import io.trino.tpch.TpchTable;
import java.util.Iterator;
import java.util.List;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * One TPC-H table as the generator makes it: io.trino.tpch's row source, how its rows fill the Arrow columns, and
 * the sizes needed to split it into files and to report progress.
 *
 * <p>A table is split on its driving rows: orders for lineitem, parts for partsupp, its own rows otherwise.
 * {@code rowsPerDrivingRow} is exact for partsupp (4) and the mean for lineitem (1 to 7 lines per order).
 */
record GeneratedTable<E extends TpchEntity>(
    String name,
    TpchTable<E> source,
    List<EntityColumn<E>> columns,
    int drivingRowsAtScaleOne,
    boolean scales,
    int rowsPerDrivingRow,
    int parquetBytesPerRow) {

  /** Bytes a Parquet file should hold about: large enough to scan efficiently, small enough to spread. */
  static final long TARGET_FILE_BYTES = 96L * 1024 * 1024;

  Schema schema() {
    return TpchSchema.schema(name);
  }

  /** Rows of one part, 1-based {@code part} of {@code parts}; io.trino.tpch splits the driving rows this way. */
  Iterator<E> rows(double scaleFactor, int part, int parts) {
    return source.createGenerator(scaleFactor, part, parts).iterator();
  }

  long drivingRows(double scaleFactor) {
    return scales ? (long) (drivingRowsAtScaleOne * scaleFactor) : drivingRowsAtScaleOne;
  }

  /** Rows a part will hold: exact except for lineitem, where it is the expected count. */
  long expectedRows(double scaleFactor, int part, int parts) {
    long driving = scales
        ? GenerateUtils.calculateRowCount(drivingRowsAtScaleOne, scaleFactor, part, parts)
        : drivingRowsAtScaleOne;
    return driving * rowsPerDrivingRow;
  }

  /**
   * How many files to write: the requested count (0 for "choose"), or enough for about {@link #TARGET_FILE_BYTES}
   * each; never more than the driving rows, since an empty part would write no file at all.
   */
  int fileCount(double scaleFactor, int requested) {
    if (!scales) {
      return 1;
    }
    long wanted = requested > 0
        ? requested
        : ceilDiv(drivingRows(scaleFactor) * rowsPerDrivingRow * parquetBytesPerRow, TARGET_FILE_BYTES);
    return (int) Math.max(1, Math.min(wanted, drivingRows(scaleFactor)));
  }

  private static long ceilDiv(long a, long b) {
    return (a + b - 1) / b;
  }
}
