package dev.ballista.engine.plan;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexExecutor;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.rex.RexUtil;

/**
 * Calcite's constant reduction with its results remembered. {@link RexUtil#EXECUTOR} generates and compiles a Java
 * class (with Janino) for every call, so each query that folds a constant loaded a new class and kept the JIT
 * compiling; the same query text folds the same constants every time. A constant expression's result depends only
 * on its digest and type, except for dynamic or non-deterministic calls (CURRENT_DATE, RAND), which are never
 * remembered. Results are copied into the asking planner's {@link RexBuilder}.
 */
final class CachingRexExecutor implements RexExecutor {
  static final CachingRexExecutor INSTANCE = new CachingRexExecutor();
  private static final int MAX_ENTRIES = 4096;

  private final Map<String, RexNode> reduced = new LinkedHashMap<>(256, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, RexNode> eldest) {
      return size() > MAX_ENTRIES;
    }
  };
  private final AtomicLong compiled = new AtomicLong();

  private CachingRexExecutor() {}

  @Override
  public void reduce(RexBuilder rexBuilder, List<RexNode> constExps, List<RexNode> reducedValues) {
    RexNode[] out = new RexNode[constExps.size()];
    List<Integer> missing = new ArrayList<>();
    synchronized (reduced) {
      for (int i = 0; i < out.length; i++) {
        RexNode hit = reduced.get(key(constExps.get(i)));
        if (hit != null) {
          out[i] = rexBuilder.copy(hit);
        } else {
          missing.add(i);
        }
      }
    }
    if (!missing.isEmpty()) {
      List<RexNode> exps = new ArrayList<>();
      for (int i : missing) {
        exps.add(constExps.get(i));
      }
      List<RexNode> values = new ArrayList<>();
      RexUtil.EXECUTOR.reduce(rexBuilder, exps, values);
      compiled.incrementAndGet();
      synchronized (reduced) {
        for (int k = 0; k < missing.size(); k++) {
          RexNode exp = exps.get(k);
          out[missing.get(k)] = values.get(k);
          if (rememberable(exp)) {
            reduced.put(key(exp), values.get(k));
          }
        }
      }
    }
    reducedValues.addAll(List.of(out));
  }

  /** How many reductions went to Calcite's compiling executor (for tests). */
  long compiledReductions() {
    return compiled.get();
  }

  private static String key(RexNode exp) {
    return exp + " : " + exp.getType().getFullTypeString();
  }

  /** False for expressions with a dynamic or non-deterministic call, whose value may change between queries. */
  private static boolean rememberable(RexNode exp) {
    boolean[] volatileCall = {false};
    exp.accept(new RexShuttle() {
      @Override
      public RexNode visitCall(RexCall call) {
        if (call.getOperator().isDynamicFunction() || !call.getOperator().isDeterministic()) {
          volatileCall[0] = true;
        }
        return super.visitCall(call);
      }
    });
    return !volatileCall[0];
  }
}
