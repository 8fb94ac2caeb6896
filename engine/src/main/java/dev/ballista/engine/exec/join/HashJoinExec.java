package dev.ballista.engine.exec.join;

import dev.ballista.engine.exec.Batch;
import dev.ballista.engine.exec.BatchStream;
import dev.ballista.engine.exec.ExecutionPlan;
import dev.ballista.engine.exec.Partitioning;
import dev.ballista.engine.exec.TaskContext;
import dev.ballista.engine.exec.kernel.Batches;
import dev.ballista.engine.exec.kernel.Gather;
import dev.ballista.engine.exec.kernel.Hashing;
import dev.ballista.engine.expr.PhysicalExpr;
import dev.ballista.engine.expr.Vectors;
import dev.ballista.engine.types.Column;
import dev.ballista.engine.types.DataType;
import dev.ballista.engine.types.RowSchema;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.FieldVector;

/**
 * Equi-join by hashing: the right input is read whole into a {@link JoinHashTable}, the left input streams
 * through it batch by batch. Matching pairs are collected as two index arrays, filtered by the residual
 * (non-equi) condition over the pair, and gathered column by column. With {@code broadcastBuild} every partition
 * builds from the right input's single partition; otherwise both inputs are hash partitioned on their keys and
 * partition p joins with partition p.
 */
public final class HashJoinExec implements ExecutionPlan {
  private final ExecutionPlan left;
  private final ExecutionPlan right;
  private final int[] leftKeys;
  private final int[] rightKeys;
  private final JoinType joinType;
  private final PhysicalExpr residual;
  private final boolean broadcastBuild;
  /** Output columns as indices into (left columns, right columns); all of them when null. */
  private final int[] projection;
  private final RowSchema schema;

  public HashJoinExec(ExecutionPlan left, ExecutionPlan right, int[] leftKeys, int[] rightKeys, JoinType joinType,
      PhysicalExpr residual, boolean broadcastBuild) {
    this(left, right, leftKeys, rightKeys, joinType, residual, broadcastBuild, null);
  }

  /**
   * With a {@code projection} (indices into the left columns followed by the right ones) only those columns are
   * gathered, so join keys and other columns nothing above reads are never copied.
   */
  public HashJoinExec(ExecutionPlan left, ExecutionPlan right, int[] leftKeys, int[] rightKeys, JoinType joinType,
      PhysicalExpr residual, boolean broadcastBuild, int[] projection) {
    this.left = left;
    this.right = right;
    this.leftKeys = leftKeys.clone();
    this.rightKeys = rightKeys.clone();
    this.joinType = joinType;
    this.residual = residual;
    this.broadcastBuild = broadcastBuild;
    List<Column> columns = new ArrayList<>();
    if (joinType.emitsProbeColumns()) {
      for (Column c : left.schema().columns()) {
        columns.add(new Column(c.name(), c.type(),
            c.nullable() || joinType == JoinType.RIGHT || joinType == JoinType.FULL));
      }
    }
    if (joinType.emitsBuildColumns()) {
      for (Column c : right.schema().columns()) {
        columns.add(new Column(c.name(), c.type(), c.nullable() || joinType == JoinType.LEFT || joinType == JoinType.FULL));
      }
    }
    if (projection == null) {
      this.projection = null;
      this.schema = new RowSchema(columns);
    } else {
      this.projection = projection.clone();
      List<Column> kept = new ArrayList<>();
      for (int c : projection) {
        kept.add(columns.get(c));
      }
      this.schema = new RowSchema(kept);
    }
  }

  /**
   * The output columns as indices into (left columns, right columns), or for RIGHT_SEMI and RIGHT_ANTI into the
   * right columns; null for all.
   */
  public int[] projection() {
    return projection == null ? null : projection.clone();
  }

  private int[] outputColumns() {
    if (projection != null) {
      return projection;
    }
    int[] all = new int[schema.size()];
    for (int i = 0; i < all.length; i++) {
      all[i] = i;
    }
    return all;
  }

  public int[] leftKeys() {
    return leftKeys.clone();
  }

  public int[] rightKeys() {
    return rightKeys.clone();
  }

  public JoinType joinType() {
    return joinType;
  }

  /** The non-equi part of the condition over (left columns, right columns), or null. */
  public PhysicalExpr residual() {
    return residual;
  }

  public boolean broadcastBuild() {
    return broadcastBuild;
  }

  @Override
  public RowSchema schema() {
    return schema;
  }

  @Override
  public List<ExecutionPlan> children() {
    return List.of(left, right);
  }

  @Override
  public Partitioning outputPartitioning() {
    // Output partition p holds rows made of left partition p's rows and right partition p's rows (or the whole
    // right input when it is broadcast), so a side's placement holds for its columns unless they are null-extended.
    Partitioning probe = left.outputPartitioning();
    int leftWidth = joinType.emitsProbeColumns() ? left.schema().size() : 0;
    int[] outputs = outputColumns();
    if (joinType.emitsProbeColumns() && !joinType.keepsUnmatchedBuild()) {
      return probe.throughColumns(outputs);
    }
    if (!broadcastBuild && joinType.emitsBuildColumns() && !joinType.keepsUnmatchedProbe()) {
      int[] sources = new int[outputs.length];
      for (int c = 0; c < outputs.length; c++) {
        sources[c] = outputs[c] - leftWidth; // negative for a probe column: no right column
      }
      return right.outputPartitioning().throughColumns(sources);
    }
    return new Partitioning.Unknown(probe.partitionCount());
  }

  @Override
  public ExecutionPlan withChildren(List<ExecutionPlan> children) {
    return new HashJoinExec(children.get(0), children.get(1), leftKeys, rightKeys, joinType, residual,
        broadcastBuild, projection);
  }

  @Override
  public BatchStream execute(int partition, TaskContext context) {
    return new JoinStream(partition, context);
  }

  private final class JoinStream implements BatchStream {
    private final int partition;
    private final TaskContext context;
    private JoinHashTable table;
    private boolean[] buildMatched;
    private BatchStream probe;
    private boolean probeDone;
    private boolean unmatchedEmitted;
    private final DataType[] leftKeyTypes;

    JoinStream(int partition, TaskContext context) {
      this.partition = partition;
      this.context = context;
      this.leftKeyTypes = Arrays.stream(leftKeys).mapToObj(k -> left.schema().type(k)).toArray(DataType[]::new);
    }

    private void build() {
      try (BatchStream in = right.execute(broadcastBuild ? 0 : partition, context)) {
        Batch rows = Batches.concatenate(in, context);
        if (rows.columnCount() == 0 && right.schema().size() > 0) {
          rows = emptyBatch(right.schema(), context);
        }
        DataType[] types = Arrays.stream(rightKeys).mapToObj(k -> right.schema().type(k)).toArray(DataType[]::new);
        table = new JoinHashTable(rows, rightKeys, types);
      }
      buildMatched = joinType.emitsBuildRowsAtEnd() ? new boolean[table.size()] : null;
      probe = left.execute(partition, context);
    }

    @Override
    public Batch next() {
      if (table == null) {
        build();
      }
      while (!probeDone) {
        Batch batch = probe.next();
        if (batch == null) {
          probeDone = true;
          break;
        }
        try (Batch b = batch) {
          context.checkCancelled();
          Batch out = probeBatch(b);
          if (out != null) {
            return out;
          }
        }
      }
      if (buildMatched != null && !unmatchedEmitted) {
        unmatchedEmitted = true;
        return joinType.emitsProbeColumns() ? unmatchedBuildRows() : buildRowsOnly(joinType == JoinType.RIGHT_SEMI);
      }
      return null;
    }

    private Batch probeBatch(Batch b) {
      int rows = b.rowCount();
      FieldVector[] keys = JoinHashTable.keyVectors(b, leftKeys);
      IntList probeRows = new IntList(rows);
      IntList buildRows = new IntList(rows);
      boolean nulls = JoinHashTable.anyNulls(keys);
      boolean firstMatchDecides = residual == null && (joinType == JoinType.SEMI || joinType == JoinType.ANTI);
      // Without a residual, one match marks a build key's whole chain, so a chain seen before needs no second walk.
      boolean markedChainsDone = residual == null && !joinType.emitsProbeColumns();
      IntegerKeyIndex index = table.integerIndex();
      if (index != null) {
        // Keys are read where they lie: copying them to a long[] first was 4% of a TPC-H profile.
        ArrowBuf keyData = keys[0].getDataBuffer();
        boolean wide = leftKeyTypes[0].storage() == DataType.Storage.INT64;
        if (!wide && leftKeyTypes[0].storage() != DataType.Storage.INT32) {
          throw new IllegalStateException("integer join key of storage " + leftKeyTypes[0].storage());
        }
        for (int i = 0; i < rows; i++) {
          if (nulls && keys[0].isNull(i)) {
            continue;
          }
          long key = wide ? keyData.getLong((long) i << 3) : keyData.getInt((long) i << 2);
          int first = index.first(key);
          if (markedChainsDone && first >= 0 && buildMatched[first]) {
            continue;
          }
          for (int r = first; r >= 0; r = index.next(r)) {
            probeRows.add(i);
            buildRows.add(r);
            if (firstMatchDecides) {
              break; // one match decides
            }
          }
        }
      } else {
        long[] hashes = new long[rows];
        Hashing.hashRows(keys, leftKeyTypes, rows, hashes);
        for (int i = 0; i < rows; i++) {
          if (nulls && JoinHashTable.hasNullKey(keys, i)) {
            continue;
          }
          long h = hashes[i];
          for (int r = table.first(h); r >= 0; r = table.next(r)) {
            if (table.matches(h, keys, i, r)) {
              probeRows.add(i);
              buildRows.add(r);
              if (firstMatchDecides) {
                break; // one match decides
              }
            }
          }
        }
      }
      if (residual != null && probeRows.size > 0) {
        applyResidual(b, probeRows, buildRows);
      }
      if (buildMatched != null) {
        for (int k = 0; k < buildRows.size; k++) {
          buildMatched[buildRows.values[k]] = true;
        }
      }
      switch (joinType) {
        case RIGHT_SEMI, RIGHT_ANTI -> {
          return null; // build rows are emitted once the probe side is done
        }
        case SEMI, ANTI -> {
          boolean[] matched = new boolean[rows];
          for (int k = 0; k < probeRows.size; k++) {
            matched[probeRows.values[k]] = true;
          }
          IntList keep = new IntList(rows);
          for (int i = 0; i < rows; i++) {
            if (matched[i] == (joinType == JoinType.SEMI)) {
              keep.add(i);
            }
          }
          return keep.size == 0 ? null : gatherLeft(b, keep);
        }
        case LEFT, FULL -> {
          boolean[] matched = new boolean[rows];
          for (int k = 0; k < probeRows.size; k++) {
            matched[probeRows.values[k]] = true;
          }
          for (int i = 0; i < rows; i++) {
            if (!matched[i]) {
              probeRows.add(i);
              buildRows.add(-1);
            }
          }
          return probeRows.size == 0 ? null : gatherPairs(b, probeRows, buildRows);
        }
        default -> {
          return probeRows.size == 0 ? null : gatherPairs(b, probeRows, buildRows);
        }
      }
    }

    /** Keeps the pairs for which the residual condition is TRUE. */
    private void applyResidual(Batch b, IntList probeRows, IntList buildRows) {
      try (Batch pairs = gatherBoth(b, probeRows, buildRows);
           FieldVector mask = residual.evaluate(pairs, context)) {
        ArrowBuf values = mask.getDataBuffer();
        ArrowBuf validity = Vectors.validityOrNull(mask);
        int kept = 0;
        for (int k = 0; k < probeRows.size; k++) {
          boolean pass = ((values.getByte(k >> 3) >> (k & 7)) & 1) != 0 && Vectors.isValid(validity, k);
          if (pass) {
            probeRows.values[kept] = probeRows.values[k];
            buildRows.values[kept] = buildRows.values[k];
            kept++;
          }
        }
        probeRows.size = kept;
        buildRows.size = kept;
      }
    }

    private Batch gatherBoth(Batch b, IntList probeRows, IntList buildRows) {
      int n = probeRows.size;
      FieldVector[] out = new FieldVector[left.schema().size() + right.schema().size()];
      int c = 0;
      for (int i = 0; i < left.schema().size(); i++) {
        out[c++] = Gather.take(b.column(i), left.schema().type(i), probeRows.values, n, context.allocator());
      }
      for (int i = 0; i < right.schema().size(); i++) {
        out[c++] = Gather.take(table.rows.column(i), right.schema().type(i), buildRows.values, n, context.allocator());
      }
      return new Batch(out, n);
    }

    /** The output columns of matched (and, for outer joins, unmatched: -1) pairs. */
    private Batch gatherPairs(Batch b, IntList probeRows, IntList buildRows) {
      int[] columns = outputColumns();
      int leftWidth = left.schema().size();
      int n = probeRows.size;
      FieldVector[] out = new FieldVector[columns.length];
      for (int i = 0; i < columns.length; i++) {
        int c = columns[i];
        out[i] = c < leftWidth
            ? Gather.take(b.column(c), left.schema().type(c), probeRows.values, n, context.allocator())
            : Gather.take(table.rows.column(c - leftWidth), right.schema().type(c - leftWidth), buildRows.values, n,
                context.allocator());
      }
      return new Batch(out, n);
    }

    private Batch gatherLeft(Batch b, IntList rows) {
      int[] columns = outputColumns();
      FieldVector[] out = new FieldVector[columns.length];
      for (int i = 0; i < out.length; i++) {
        int c = columns[i];
        out[i] = Gather.take(b.column(c), left.schema().type(c), rows.values, rows.size, context.allocator());
      }
      return new Batch(out, rows.size);
    }

    /** RIGHT_SEMI / RIGHT_ANTI: the build rows whose matched flag is {@code matched}, build columns only. */
    private Batch buildRowsOnly(boolean matched) {
      IntList rows = new IntList(16);
      for (int r = 0; r < buildMatched.length; r++) {
        if (buildMatched[r] == matched) {
          rows.add(r);
        }
      }
      if (rows.size == 0) {
        return null;
      }
      int[] columns = outputColumns();
      FieldVector[] out = new FieldVector[columns.length];
      for (int i = 0; i < columns.length; i++) {
        int c = columns[i];
        out[i] = Gather.take(table.rows.column(c), right.schema().type(c), rows.values, rows.size,
            context.allocator());
      }
      return new Batch(out, rows.size);
    }

    private Batch unmatchedBuildRows() {
      IntList rows = new IntList(16);
      for (int r = 0; r < buildMatched.length; r++) {
        if (!buildMatched[r]) {
          rows.add(r);
        }
      }
      if (rows.size == 0) {
        return null;
      }
      int[] none = new int[rows.size];
      Arrays.fill(none, -1);
      int[] columns = outputColumns();
      int leftWidth = left.schema().size();
      FieldVector[] out = new FieldVector[columns.length];
      for (int i = 0; i < columns.length; i++) {
        int c = columns[i];
        if (c < leftWidth) {
          try (FieldVector empty = Vectors.allocate(left.schema().type(c), 0, context.allocator())) {
            empty.setValueCount(0);
            out[i] = Gather.take(empty, left.schema().type(c), none, rows.size, context.allocator());
          }
        } else {
          out[i] = Gather.take(table.rows.column(c - leftWidth), right.schema().type(c - leftWidth), rows.values,
              rows.size, context.allocator());
        }
      }
      return new Batch(out, rows.size);
    }

    @Override
    public void close() {
      if (probe != null) {
        probe.close();
      }
      if (table != null) {
        table.rows.close();
      }
    }
  }

  private static Batch emptyBatch(RowSchema schema, TaskContext context) {
    FieldVector[] columns = new FieldVector[schema.size()];
    for (int i = 0; i < columns.length; i++) {
      columns[i] = Vectors.allocate(schema.type(i), 0, context.allocator());
      columns[i].setValueCount(0);
    }
    return new Batch(columns, 0);
  }

  /** A growable int array without boxing. */
  private static final class IntList {
    int[] values;
    int size;

    IntList(int capacity) {
      values = new int[Math.max(capacity, 4)];
    }

    void add(int v) {
      if (size == values.length) {
        values = Arrays.copyOf(values, size * 2);
      }
      values[size++] = v;
    }
  }

  @Override
  public String describe() {
    return "HashJoinExec: " + joinType + " left=" + Arrays.toString(leftKeys) + " right=" + Arrays.toString(rightKeys)
        + (residual == null ? "" : " residual=" + residual) + (broadcastBuild ? " (broadcast)" : "")
        + (projection == null ? "" : " projection=" + Arrays.toString(projection));
  }
}
