package dev.ballista.engine.plan;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.RelHomogeneousShuttle;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rel.logical.LogicalFilter;
import org.apache.calcite.rel.logical.LogicalJoin;
import org.apache.calcite.rel.logical.LogicalProject;
import org.apache.calcite.rel.rules.MultiJoin;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.SqlKind;

/**
 * Orders the inputs of an inner {@link MultiJoin} into a join tree of minimal total intermediate size (the sum of the
 * estimated rows of every join's output), exhaustively over all bushy trees by dynamic programming over subsets when
 * there are few inputs, greedily (cheapest pair first) beyond. The smaller side of each join becomes its build
 * (right) side. Cross products are only used when the join graph leaves no other way.
 *
 * <p>Estimates follow {@link CardinalityEstimator}, plus one more fact a multi-join offers: a column joined by equality
 * to a unique key (directly or through other equalities, as {@code c_nationkey = n_nationkey = s_nationkey}) has at
 * most as many distinct values as that key's table has rows. Between two sets of inputs only the most selective
 * condition counts, so equalities implied by others (cycles in the graph) are not counted twice.
 */
final class JoinOrder {
  /** Up to this many inputs every bushy tree is considered (3^n work); beyond it the greedy order is used. */
  private static final int EXHAUSTIVE_INPUTS = 12;

  private final MultiJoin multiJoin;
  private final CardinalityEstimator estimator;
  private final RexBuilder rexBuilder;
  private final int n;
  private final RelNode[] inputs;
  private final int[] offsets;
  private final int[] inputOfField;
  private final double[] rows;
  private final List<Predicate> predicates = new ArrayList<>();
  private final List<RexNode> constantPredicates = new ArrayList<>();
  private final double[] fieldDistinct;

  /** A join condition conjunct: the inputs it references and, for a column equality, the two fields. */
  private record Predicate(RexNode condition, long inputs, int leftField, int rightField) {
    boolean equi() {
      return leftField >= 0;
    }
  }

  /** One joined set of inputs: its estimated rows, plan cost and how it was split. */
  private record Plan(long inputs, double rows, double cost, Plan left, Plan right) {}

  /** Reorders every inner multi-join of the plan; other multi-joins are left for Calcite's rule. */
  static RelNode reorder(RelNode root) {
    return root.accept(new RelHomogeneousShuttle() {
      @Override
      public RelNode visit(RelNode other) {
        RelNode visited = super.visit(other);
        if (visited instanceof MultiJoin join && reorderable(join)) {
          return new JoinOrder(join).build();
        }
        return visited;
      }
    });
  }

  private static boolean reorderable(MultiJoin join) {
    if (join.isFullOuterJoin() || join.getInputs().size() < 2 || join.getInputs().size() > 62) {
      return false;
    }
    for (int i = 0; i < join.getInputs().size(); i++) {
      if (join.getJoinTypes().get(i) != JoinRelType.INNER || join.getOuterJoinConditions().get(i) != null) {
        return false;
      }
    }
    return true;
  }

  private JoinOrder(MultiJoin multiJoin) {
    this.multiJoin = multiJoin;
    this.estimator = new CardinalityEstimator(multiJoin.getCluster().getMetadataQuery());
    this.rexBuilder = multiJoin.getCluster().getRexBuilder();
    this.n = multiJoin.getInputs().size();
    this.inputs = multiJoin.getInputs().toArray(new RelNode[0]);
    this.offsets = new int[n + 1];
    for (int i = 0; i < n; i++) {
      offsets[i + 1] = offsets[i] + inputs[i].getRowType().getFieldCount();
    }
    this.inputOfField = new int[offsets[n]];
    for (int i = 0; i < n; i++) {
      Arrays.fill(inputOfField, offsets[i], offsets[i + 1], i);
    }
    splitConditions();
    addImpliedEqualities();
    this.rows = new double[n];
    for (int i = 0; i < n; i++) {
      rows[i] = estimator.rows(inputs[i]);
    }
    this.fieldDistinct = new double[offsets[n]];
    estimateDistinctCounts();
  }

  /** Conjuncts on one input become filters on it; the rest are join predicates between their inputs. */
  private void splitConditions() {
    List<List<RexNode>> inputFilters = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      inputFilters.add(new ArrayList<>());
    }
    RexNode condition = RexUtil.pullFactors(rexBuilder, multiJoin.getJoinFilter());
    for (RexNode conjunct : RelOptUtil.conjunctions(condition)) {
      if (conjunct.isAlwaysTrue()) {
        continue;
      }
      long mask = 0;
      for (int field : RelOptUtil.InputFinder.bits(conjunct)) {
        mask |= 1L << inputOfField[field];
      }
      if (mask == 0) {
        constantPredicates.add(conjunct);
      } else if (Long.bitCount(mask) == 1) {
        int input = Long.numberOfTrailingZeros(mask);
        inputFilters.get(input).add(RexUtil.shift(conjunct, -offsets[input]));
      } else {
        int[] fields = equalityFields(conjunct);
        predicates.add(fields == null ? new Predicate(conjunct, mask, -1, -1)
            : new Predicate(conjunct, mask, fields[0], fields[1]));
      }
    }
    for (int i = 0; i < n; i++) {
      if (!inputFilters.get(i).isEmpty()) {
        inputs[i] = LogicalFilter.create(inputs[i], RexUtil.composeConjunction(rexBuilder, inputFilters.get(i)));
      }
    }
  }

  /**
   * Adds {@code a = c} for every {@code a = b} and {@code b = c} between different inputs, so that inputs related only
   * through a third one (TPC-H Q5's customer and nation, through supplier) can be joined directly. Applying an implied
   * equality again higher up is redundant but harmless.
   */
  private void addImpliedEqualities() {
    int[] parent = new int[offsets[n]];
    for (int f = 0; f < parent.length; f++) {
      parent[f] = f;
    }
    java.util.Set<Long> present = new java.util.HashSet<>();
    for (Predicate p : predicates) {
      if (p.equi()) {
        parent[find(parent, p.leftField)] = find(parent, p.rightField);
        present.add(pairKey(p.leftField, p.rightField));
      }
    }
    List<Integer> fields = new ArrayList<>();
    for (Predicate p : predicates) {
      if (p.equi()) {
        for (int f : new int[] {p.leftField, p.rightField}) {
          if (!fields.contains(f)) {
            fields.add(f);
          }
        }
      }
    }
    List<RelDataTypeField> types = multiJoin.getRowType().getFieldList();
    for (int i = 0; i < fields.size(); i++) {
      for (int j = i + 1; j < fields.size(); j++) {
        int a = fields.get(i);
        int b = fields.get(j);
        if (inputOfField[a] != inputOfField[b] && find(parent, a) == find(parent, b)
            && present.add(pairKey(a, b))
            && types.get(a).getType().getSqlTypeName() == types.get(b).getType().getSqlTypeName()) {
          RexNode equality = rexBuilder.makeCall(org.apache.calcite.sql.fun.SqlStdOperatorTable.EQUALS,
              rexBuilder.makeInputRef(types.get(a).getType(), a), rexBuilder.makeInputRef(types.get(b).getType(), b));
          predicates.add(new Predicate(equality, (1L << inputOfField[a]) | (1L << inputOfField[b]), a, b));
        }
      }
    }
  }

  private static long pairKey(int a, int b) {
    return ((long) Math.min(a, b) << 32) | Math.max(a, b);
  }

  /** The two fields of {@code $a = $b} between different inputs, else null. */
  private int[] equalityFields(RexNode conjunct) {
    if (conjunct.getKind() != SqlKind.EQUALS) {
      return null;
    }
    List<RexNode> operands = ((RexCall) conjunct).getOperands();
    if (operands.get(0) instanceof RexInputRef a && operands.get(1) instanceof RexInputRef b
        && inputOfField[a.getIndex()] != inputOfField[b.getIndex()]) {
      return new int[] {a.getIndex(), b.getIndex()};
    }
    return null;
  }

  /**
   * Distinct values of each equi-joined field. A unique key counts its table's rows; another field counts at most the
   * rows of the smallest-table unique key it is transitively equal to (it references that key), and at most its rows.
   */
  private void estimateDistinctCounts() {
    int fields = offsets[n];
    int[] parent = new int[fields];
    for (int f = 0; f < fields; f++) {
      parent[f] = f;
    }
    for (Predicate p : predicates) {
      if (p.equi()) {
        parent[find(parent, p.leftField)] = find(parent, p.rightField);
      }
    }
    double[] keyRows = new double[fields];
    Arrays.fill(keyRows, Double.POSITIVE_INFINITY);
    boolean[] isKey = new boolean[fields];
    for (Predicate p : predicates) {
      if (!p.equi()) {
        continue;
      }
      for (int f : new int[] {p.leftField, p.rightField}) {
        int input = inputOfField[f];
        int local = f - offsets[input];
        if (estimator.unique(inputs[input], local)) {
          isKey[f] = true;
          fieldDistinct[f] = estimator.baseRows(inputs[input], local, rows[input]);
          int root = find(parent, f);
          keyRows[root] = Math.min(keyRows[root], fieldDistinct[f]);
        }
      }
    }
    for (Predicate p : predicates) {
      if (!p.equi()) {
        continue;
      }
      for (int f : new int[] {p.leftField, p.rightField}) {
        if (isKey[f]) {
          continue;
        }
        int input = inputOfField[f];
        double own = estimator.columnDistinct(inputs[input], f - offsets[input], rows[input]);
        double referenced = keyRows[find(parent, f)];
        fieldDistinct[f] = Math.max(1, Math.min(rows[input], Double.isInfinite(referenced) ? own
            : Math.min(referenced, estimator.baseRows(inputs[input], f - offsets[input], rows[input]))));
      }
    }
  }

  private static int find(int[] parent, int f) {
    while (parent[f] != f) {
      parent[f] = parent[parent[f]];
      f = parent[f];
    }
    return f;
  }

  /** Selectivity of joining two disjoint input sets, or NaN when no predicate connects them. */
  private double selectivity(long a, long b) {
    double best = Double.NaN;
    double nonEqui = 1;
    long both = a | b;
    // Equalities grouped per pair of inputs: together they may form a composite unique key of one side.
    List<long[]> pairs = new ArrayList<>();
    List<List<Predicate>> pairPredicates = new ArrayList<>();
    for (Predicate p : predicates) {
      if ((p.inputs & ~both) != 0 || (p.inputs & a) == 0 || (p.inputs & b) == 0) {
        continue;
      }
      if (!p.equi()) {
        nonEqui *= CardinalityEstimator.NON_EQUI_SELECTIVITY;
        best = Double.isNaN(best) ? 1 : best;
        continue;
      }
      double s = 1 / Math.max(fieldDistinct[p.leftField], fieldDistinct[p.rightField]);
      best = Double.isNaN(best) ? s : Math.min(best, s);
      long pair = p.inputs;
      int index = -1;
      for (int i = 0; i < pairs.size(); i++) {
        if (pairs.get(i)[0] == pair) {
          index = i;
        }
      }
      if (index < 0) {
        pairs.add(new long[] {pair});
        pairPredicates.add(new ArrayList<>());
        index = pairs.size() - 1;
      }
      pairPredicates.get(index).add(p);
    }
    for (List<Predicate> group : pairPredicates) {
      if (group.size() < 2) {
        continue;
      }
      for (boolean leftSide : new boolean[] {true, false}) {
        int input = inputOfField[leftSide ? group.get(0).leftField : group.get(0).rightField];
        List<Integer> columns = new ArrayList<>();
        for (Predicate p : group) {
          int f = inputOfField[p.leftField] == input ? p.leftField : p.rightField;
          columns.add(f - offsets[input]);
        }
        if (estimator.unique(inputs[input], columns)) {
          double s = 1 / estimator.baseRows(inputs[input], columns.get(0), rows[input]);
          best = Math.min(best, s);
        }
      }
    }
    return Double.isNaN(best) ? Double.NaN : best * nonEqui;
  }

  private RelNode build() {
    Plan plan = n <= EXHAUSTIVE_INPUTS ? exhaustive() : greedy();
    List<Integer> fieldOrder = new ArrayList<>();
    RelNode joined = toRel(plan, fieldOrder);
    int[] position = new int[offsets[n]];
    for (int i = 0; i < fieldOrder.size(); i++) {
      position[fieldOrder.get(i)] = i;
    }
    List<RexNode> projects = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (RelDataTypeField field : multiJoin.getRowType().getFieldList()) {
      projects.add(rexBuilder.makeInputRef(joined, position[field.getIndex()]));
      names.add(field.getName());
    }
    RelNode result = LogicalProject.create(joined, List.of(), projects, names, java.util.Set.of());
    List<RexNode> top = new ArrayList<>(constantPredicates);
    if (multiJoin.getPostJoinFilter() != null) {
      top.add(multiJoin.getPostJoinFilter());
    }
    return top.isEmpty() ? result : LogicalFilter.create(result, RexUtil.composeConjunction(rexBuilder, top));
  }

  /** Best plan for every subset, from pairs up: 3^n splits, each costing its output rows plus its inputs' costs. */
  private Plan exhaustive() {
    for (boolean allowCrossProducts : new boolean[] {false, true}) {
      Plan[] best = new Plan[1 << n];
      for (int i = 0; i < n; i++) {
        best[1 << i] = new Plan(1L << i, rows[i], 0, null, null);
      }
      for (int set = 1; set < (1 << n); set++) {
        if (Integer.bitCount(set) < 2) {
          continue;
        }
        int lowest = set & -set;
        double minRows = Double.POSITIVE_INFINITY;
        Plan bestLeft = null;
        Plan bestRight = null;
        double bestCost = Double.POSITIVE_INFINITY;
        // Each split once: the part holding the lowest input is enumerated, the rest is its complement.
        for (int part = (set - 1) & set; part > 0; part = (part - 1) & set) {
          if ((part & lowest) == 0) {
            continue;
          }
          Plan a = best[part];
          Plan b = best[set ^ part];
          if (a == null || b == null) {
            continue;
          }
          double s = selectivity(a.inputs, b.inputs);
          if (Double.isNaN(s)) {
            if (!allowCrossProducts) {
              continue;
            }
            s = 1;
          }
          double estimate = Math.max(1, a.rows * b.rows * s);
          minRows = Math.min(minRows, estimate);
          double cost = a.cost + b.cost;
          if (cost < bestCost) {
            bestCost = cost;
            bestLeft = a;
            bestRight = b;
          }
        }
        if (bestLeft != null) {
          best[set] = new Plan(set, minRows, bestCost + minRows, bestLeft, bestRight);
        }
      }
      if (best[(1 << n) - 1] != null) {
        return best[(1 << n) - 1];
      }
    }
    throw new IllegalStateException("no join order found");
  }

  /** Repeatedly joins the connected pair with the smallest result (cross products only when nothing connects). */
  private Plan greedy() {
    List<Plan> parts = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      parts.add(new Plan(1L << i, rows[i], 0, null, null));
    }
    while (parts.size() > 1) {
      int bestA = -1;
      int bestB = -1;
      double bestRows = Double.POSITIVE_INFINITY;
      boolean bestConnected = false;
      for (int i = 0; i < parts.size(); i++) {
        for (int j = i + 1; j < parts.size(); j++) {
          double s = selectivity(parts.get(i).inputs, parts.get(j).inputs);
          boolean connected = !Double.isNaN(s);
          double estimate = Math.max(1, parts.get(i).rows * parts.get(j).rows * (connected ? s : 1));
          if ((connected && !bestConnected) || (connected == bestConnected && estimate < bestRows)) {
            bestA = i;
            bestB = j;
            bestRows = estimate;
            bestConnected = connected;
          }
        }
      }
      Plan a = parts.get(bestA);
      Plan b = parts.get(bestB);
      parts.remove(bestB);
      parts.set(bestA, new Plan(a.inputs | b.inputs, bestRows, a.cost + b.cost + bestRows, a, b));
    }
    return parts.get(0);
  }

  /** The join tree of a plan; {@code fieldOrder} receives the multi-join field index of each output column. */
  private RelNode toRel(Plan plan, List<Integer> fieldOrder) {
    if (plan.left == null) {
      int input = Long.numberOfTrailingZeros(plan.inputs);
      for (int f = offsets[input]; f < offsets[input + 1]; f++) {
        fieldOrder.add(f);
      }
      return inputs[input];
    }
    // The bigger side probes, the smaller one is built into the hash table.
    Plan probe = plan.left.rows >= plan.right.rows ? plan.left : plan.right;
    Plan build = probe == plan.left ? plan.right : plan.left;
    List<Integer> fields = new ArrayList<>();
    RelNode left = toRel(probe, fields);
    RelNode right = toRel(build, fields);
    fieldOrder.addAll(fields);
    int[] position = new int[offsets[n]];
    Arrays.fill(position, -1);
    for (int i = 0; i < fields.size(); i++) {
      position[fields.get(i)] = i;
    }
    List<RexNode> conditions = new ArrayList<>();
    for (Predicate p : predicates) {
      if ((p.inputs & ~plan.inputs) == 0 && (p.inputs & probe.inputs) != 0 && (p.inputs & build.inputs) != 0) {
        conditions.add(p.condition.accept(new RexShuttle() {
          @Override
          public RexNode visitInputRef(RexInputRef ref) {
            return new RexInputRef(position[ref.getIndex()], ref.getType());
          }
        }));
      }
    }
    return LogicalJoin.create(left, right, List.of(), RexUtil.composeConjunction(rexBuilder, conditions),
        java.util.Set.of(), JoinRelType.INNER);
  }
}
