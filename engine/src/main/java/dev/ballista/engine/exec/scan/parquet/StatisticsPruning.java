package dev.ballista.engine.exec.scan.parquet;

import dev.ballista.engine.exec.scan.ScanInPredicate;
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
   * True when some predicate or IN list of integers is false for every row of the group. They are over integer,
   * date and decimal columns (INT32 or INT64 in the file, compared as signed numbers); a column without statistics
   * rules nothing out.
   */
  static boolean rulesOut(RowGroup group, Map<String, Integer> leaves, List<ScanPredicate> predicates,
      String[] predicateColumns, List<ScanInPredicate> inPredicates, String[] inColumns, List<SchemaElement> schema) {
    for (int p = 0; p < predicates.size(); p++) {
      Range range = range(group, leaves.get(predicateColumns[p]), schema);
      if (range == null) {
        continue;
      }
      long v = predicates.get(p).value();
      boolean none = range.allNull() || switch (predicates.get(p).op()) {
        case EQ -> v < range.lo() || v > range.hi();
        case NE -> range.lo() == v && range.hi() == v;
        case LT -> range.lo() >= v;
        case LE -> range.lo() > v;
        case GT -> range.hi() <= v;
        case GE -> range.hi() < v;
      };
      if (none) {
        return true;
      }
    }
    for (int p = 0; p < inPredicates.size(); p++) {
      Range range = inPredicates.get(p).text() ? null : range(group, leaves.get(inColumns[p]), schema);
      if (range != null && (range.allNull() || inPredicates.get(p).values().stream()
          .allMatch(v -> (Long) v < range.lo() || (Long) v > range.hi()))) {
        return true;
      }
    }
    return false;
  }

  /** A column chunk's values lie in [lo, hi], or are all null. */
  private record Range(boolean allNull, long lo, long hi) {}

  /** The range of the column chunk of leaf {@code leaf} from its statistics; null when they say nothing. */
  private static Range range(RowGroup group, Integer leaf, List<SchemaElement> schema) {
    if (leaf == null || leaf >= group.getColumnsSize()) {
      return null;
    }
    ColumnMetaData meta = group.getColumns().get(leaf).getMeta_data();
    Type type = schema.get(leaf + 1).getType();
    if (meta == null || !meta.isSetStatistics() || type != Type.INT32 && type != Type.INT64) {
      return null;
    }
    Statistics stats = meta.getStatistics();
    if (stats.isSetNull_count() && stats.getNull_count() == meta.getNum_values()) {
      return new Range(true, 0, 0); // every value is null: no comparison is true
    }
    // min_value/max_value, else the older min/max (written with signed order, right for INT32/INT64).
    byte[] min = stats.isSetMin_value() ? stats.getMin_value() : stats.isSetMin() ? stats.getMin() : null;
    byte[] max = stats.isSetMax_value() ? stats.getMax_value() : stats.isSetMax() ? stats.getMax() : null;
    int width = type == Type.INT32 ? 4 : 8;
    if (min == null || max == null || min.length < width || max.length < width) {
      return null;
    }
    return new Range(false, value(min, type), value(max, type));
  }

  private static long value(byte[] plain, Type type) {
    ByteBuffer b = ByteBuffer.wrap(plain).order(ByteOrder.LITTLE_ENDIAN);
    return type == Type.INT32 ? b.getInt() : b.getLong();
  }
}
