package dev.ballista.engine.plan;

import java.util.List;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Filter;
import org.apache.calcite.rel.core.Join;
import org.apache.calcite.rel.core.JoinInfo;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rel.core.Project;
import org.apache.calcite.rel.metadata.RelColumnOrigin;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.util.ImmutableBitSet;

/**
 * Row-count estimates for joins from keys and distinct counts, where Calcite's defaults multiply the inputs by a fixed
 * 0.15 per equality. The rule is the textbook one: {@code |L join R| = |L| * |R| / max(ndv(l), ndv(r))}, where a key
 * column's distinct count is its table's full row count, so a join on a primary key keeps at most one row per
 * foreign-key row and filters on the key side shrink the result in proportion.
 */
final class CardinalityEstimator {
  /** Share of a table's rows assumed distinct in a column nothing is known about. */
  private static final double UNKNOWN_DISTINCT_FRACTION = 0.1;
  /** Selectivity of a join condition that is not an equality (Calcite's guess for a comparison). */
  static final double NON_EQUI_SELECTIVITY = 0.5;
  /** Least share of its left input an anti join is assumed to keep. */
  private static final double MIN_ANTI_SHARE = 0.1;

  private final RelMetadataQuery mq;

  private final boolean foreignKeyBound;

  CardinalityEstimator(RelMetadataQuery mq) {
    this(mq, false);
  }

  /**
   * {@code foreignKeyBound}: bound a join key's distinct values by the rows of the unique key it meets. Truer for
   * key-to-foreign-key joins, but the join orderer's choices were measured with the plain estimate (with the bound,
   * TPC-H Q9 and Q18 chose slower orders), so only rules that ask whether a join keeps its rows use it.
   */
  CardinalityEstimator(RelMetadataQuery mq, boolean foreignKeyBound) {
    this.mq = mq;
    this.foreignKeyBound = foreignKeyBound;
  }

  /** Estimated rows of a plan: joins by keys, filters and projections above them recursively, the rest by Calcite. */
  double rows(RelNode rel) {
    if (rel instanceof Join join && join.getJoinType() == JoinRelType.INNER) {
      double left = rows(join.getLeft());
      double right = rows(join.getRight());
      JoinInfo info = JoinInfo.of(join.getLeft(), join.getRight(),
          RexUtil.pullFactors(join.getCluster().getRexBuilder(), join.getCondition()));
      double selectivity = 1;
      if (!info.leftKeys.isEmpty()) {
        int[] leftKeys = info.leftKeys.toIntArray();
        int[] rightKeys = info.rightKeys.toIntArray();
        double leftDistinct = keyDistinct(join.getLeft(), leftKeys, left);
        double rightDistinct = keyDistinct(join.getRight(), rightKeys, right);
        // A foreign key takes no more values than the unique key it refers to has rows in its table (customers
        // of 25 nations have at most 25 nation keys, whatever a tenth of the customers would guess).
        if (foreignKeyBound && unique(join.getLeft(), info.leftKeys)) {
          rightDistinct = Math.min(rightDistinct, Math.max(left, baseRows(join.getLeft(), leftKeys[0], left)));
        }
        if (foreignKeyBound && unique(join.getRight(), info.rightKeys)) {
          leftDistinct = Math.min(leftDistinct, Math.max(right, baseRows(join.getRight(), rightKeys[0], right)));
        }
        selectivity = 1 / Math.max(1, Math.max(leftDistinct, rightDistinct));
      }
      if (!info.isEqui()) {
        selectivity *= NON_EQUI_SELECTIVITY;
      }
      return Math.max(1, left * right * selectivity);
    }
    if (rel instanceof Join join && (join.getJoinType() == JoinRelType.SEMI
        || join.getJoinType() == JoinRelType.ANTI)) {
      return semiOrAntiRows(join);
    }
    if (rel instanceof Filter filter && containsJoin(filter.getInput())) {
      Double selectivity = mq.getSelectivity(filter.getInput(), filter.getCondition());
      return Math.max(1, rows(filter.getInput()) * (selectivity == null ? 0.25 : selectivity));
    }
    if (rel instanceof Project project && containsJoin(project.getInput())) {
      return rows(project.getInput());
    }
    Double rows = mq.getRowCount(rel);
    return rows == null ? 1 : Math.max(1, rows);
  }

  /**
   * A semi join keeps the left rows whose keys the right side has, as a share of the left's distinct keys: {@code
   * min(1, ndv(r) / ndv(l))}, halved by a non-equality condition; an anti join keeps the rest, but at least a tenth
   * of the left, as an anti join usually removes rows a filter would not have. (Calcite's guess multiplies its own
   * estimate of the left, which for a join input is its inputs' product times 0.15 per equality.)
   */
  private double semiOrAntiRows(Join join) {
    double left = rows(join.getLeft());
    JoinInfo info = JoinInfo.of(join.getLeft(), join.getRight(),
        RexUtil.pullFactors(join.getCluster().getRexBuilder(), join.getCondition()));
    double matched = 1;
    if (!info.leftKeys.isEmpty()) {
      double leftDistinct = keyDistinct(join.getLeft(), info.leftKeys.toIntArray(), left);
      double rightDistinct = keyDistinct(join.getRight(), info.rightKeys.toIntArray(), rows(join.getRight()));
      matched = Math.min(1, rightDistinct / Math.max(1, leftDistinct));
    }
    if (!info.isEqui()) {
      matched *= NON_EQUI_SELECTIVITY;
    }
    double kept = join.getJoinType() == JoinRelType.SEMI ? matched : Math.max(MIN_ANTI_SHARE, 1 - matched);
    return Math.max(1, left * kept);
  }

  /**
   * Distinct values of a set of key columns of {@code rel} (which has {@code rows} rows): a unique key counts as many
   * values as its table has rows (before filters), other columns what Calcite knows, else a tenth of the table.
   */
  double keyDistinct(RelNode rel, int[] columns, double rows) {
    if (Boolean.TRUE.equals(mq.areColumnsUnique(rel, ImmutableBitSet.of(columns)))) {
      return Math.max(rows, baseRows(rel, columns[0], rows));
    }
    double best = 1;
    for (int column : columns) {
      best = Math.max(best, columnDistinct(rel, column, rows));
    }
    return best;
  }

  /** Distinct values of one column that is not known to be unique. */
  double columnDistinct(RelNode rel, int column, double rows) {
    Double known = mq.getDistinctRowCount(rel, ImmutableBitSet.of(column), null);
    if (known != null && known > 0) {
      return Math.min(known, Math.max(rows, 1));
    }
    return Math.max(1, Math.min(rows, baseRows(rel, column, rows) * UNKNOWN_DISTINCT_FRACTION));
  }

  /** Rows of the table a column comes from, before any filter; {@code fallback} when the origin is unknown. */
  double baseRows(RelNode rel, int column, double fallback) {
    RelColumnOrigin origin = mq.getColumnOrigin(rel, column);
    if (origin == null) {
      return fallback;
    }
    RelOptTable table = origin.getOriginTable();
    return Math.max(fallback, table.getRowCount());
  }

  /** Whether the column is a unique key of {@code rel} on its own. */
  boolean unique(RelNode rel, int column) {
    return Boolean.TRUE.equals(mq.areColumnsUnique(rel, ImmutableBitSet.of(column)));
  }

  /** Whether the columns are unique together. */
  boolean unique(RelNode rel, List<Integer> columns) {
    return Boolean.TRUE.equals(mq.areColumnsUnique(rel, ImmutableBitSet.of(columns)));
  }

  private static boolean containsJoin(RelNode rel) {
    return RelOptUtil.findAllTables(rel).size() > 1;
  }
}
