package dev.ballista.engine.exec.scan.parquet;

import dev.ballista.engine.exec.scan.ScanPredicate;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;
import org.apache.parquet.format.ColumnMetaData;
import org.apache.parquet.format.RowGroup;
import org.apache.parquet.format.SchemaElement;
import org.apache.parquet.format.Statistics;
import org.apache.parquet.format.Type;

/** Decides from a row group's min/max statistics that no row of it can satisfy the pushed predicates. */
final class StatisticsPruning {
  private StatisticsPruning() {}

  /**
   * True when some predicate is false for every row of the group. Predicates are over integer and date columns
   * (INT32 or INT64 in the file, compared as signed numbers); a column without statistics rules nothing out.
   */
  static boolean rulesOut(RowGroup group, Map<String, Integer> leaves, List<ScanPredicate> predicates,
      String[] predicateColumns, List<SchemaElement> schema) {
    for (int p = 0; p < predicates.size(); p++) {
      Integer leaf = leaves.get(predicateColumns[p]);
      if (leaf == null || leaf >= group.getColumnsSize()) {
        continue;
      }
      ColumnMetaData meta = group.getColumns().get(leaf).getMeta_data();
      Type type = schema.get(leaf + 1).getType();
      if (meta == null || !meta.isSetStatistics() || type != Type.INT32 && type != Type.INT64) {
        continue;
      }
      Statistics stats = meta.getStatistics();
      if (stats.isSetNull_count() && stats.getNull_count() == meta.getNum_values()) {
        return true; // every value is null: no comparison is true
      }
      // min_value/max_value, else the older min/max (written with signed order, right for INT32/INT64).
      byte[] min = stats.isSetMin_value() ? stats.getMin_value() : stats.isSetMin() ? stats.getMin() : null;
      byte[] max = stats.isSetMax_value() ? stats.getMax_value() : stats.isSetMax() ? stats.getMax() : null;
      int width = type == Type.INT32 ? 4 : 8;
      if (min == null || max == null || min.length < width || max.length < width) {
        continue;
      }
      long lo = value(min, type);
      long hi = value(max, type);
      long v = predicates.get(p).value();
      boolean none = switch (predicates.get(p).op()) {
        case EQ -> v < lo || v > hi;
        case NE -> lo == v && hi == v;
        case LT -> lo >= v;
        case LE -> lo > v;
        case GT -> hi <= v;
        case GE -> hi < v;
      };
      if (none) {
        return true;
      }
    }
    return false;
  }

  private static long value(byte[] plain, Type type) {
    ByteBuffer b = ByteBuffer.wrap(plain).order(ByteOrder.LITTLE_ENDIAN);
    return type == Type.INT32 ? b.getInt() : b.getLong();
  }
}
