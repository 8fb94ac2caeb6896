package dev.ballista.engine.dist;

import dev.ballista.engine.exec.ExecutionPlan;
import dev.ballista.engine.exec.Partitioning;
import dev.ballista.engine.exec.ShuffleLocation;
import dev.ballista.engine.exec.op.ExchangeExec;
import dev.ballista.engine.exec.shuffle.ShuffleReaderExec;
import dev.ballista.engine.exec.shuffle.ShuffleWriterExec;
import dev.ballista.engine.serde.PlanSerde;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Cuts a physical plan into stages at its exchanges: the exchange's input becomes a stage that ends in a shuffle
 * writer, and the exchange becomes a shuffle reader of that stage. The last stage writes the client result.
 * Stages come out in an order where every stage follows the stages it reads.
 *
 * <p>Exchanges of equal inputs with equal partitioning become one stage that each reads (Spark's exchange reuse):
 * TPC-H Q15 reads its revenue view twice, for the rows and for their maximum, and now sums lineitem once.
 */
public final class DistributedPlanner {
  private DistributedPlanner() {}

  /** What makes two exchanges the same stage: the serialized input (stages below already shared) and placement. */
  private record ExchangeKey(ByteBuffer input, Partitioning partitioning) {}

  public static List<QueryStage> plan(String jobId, ExecutionPlan root) {
    List<QueryStage> stages = new ArrayList<>();
    ExecutionPlan top = cut(jobId, root, stages, new HashMap<>());
    int finalId = stages.size() + 1;
    ShuffleWriterExec writer = new ShuffleWriterExec(top, jobId, finalId, null, true);
    stages.add(new QueryStage(finalId, writer, inputStages(top), true));
    return stages;
  }

  private static ExecutionPlan cut(String jobId, ExecutionPlan node, List<QueryStage> stages,
      Map<ExchangeKey, Integer> cutAlready) {
    List<ExecutionPlan> children = new ArrayList<>();
    boolean changed = false;
    for (ExecutionPlan child : node.children()) {
      ExecutionPlan c = cut(jobId, child, stages, cutAlready);
      changed |= c != child;
      children.add(c);
    }
    if (node instanceof ExchangeExec exchange) {
      ExecutionPlan input = children.get(0);
      ExchangeKey key = new ExchangeKey(ByteBuffer.wrap(PlanSerde.serialize(input)), exchange.partitioning());
      Integer same = cutAlready.get(key);
      if (same != null) {
        return new ShuffleReaderExec(same, exchange.schema(), exchange.partitioning(), List.of());
      }
      int stageId = stages.size() + 1;
      cutAlready.put(key, stageId);
      Partitioning.Hash hash = exchange.partitioning() instanceof Partitioning.Hash h ? h : null;
      ShuffleWriterExec writer = new ShuffleWriterExec(input, jobId, stageId, hash, false);
      stages.add(new QueryStage(stageId, writer, inputStages(input), false));
      return new ShuffleReaderExec(stageId, exchange.schema(), exchange.partitioning(), List.of());
    }
    return changed ? node.withChildren(children) : node;
  }

  static List<Integer> inputStages(ExecutionPlan plan) {
    List<Integer> ids = new ArrayList<>();
    collectReaders(plan, ids);
    return ids;
  }

  private static void collectReaders(ExecutionPlan plan, List<Integer> ids) {
    if (plan instanceof ShuffleReaderExec reader && !ids.contains(reader.stageId())) {
      ids.add(reader.stageId());
    }
    for (ExecutionPlan child : plan.children()) {
      collectReaders(child, ids);
    }
  }

  /**
   * The stage's plan with every shuffle reader pointed at the finished output of the stage it reads:
   * {@code outputs.get(stageId)} lists, per output partition, where each task's file for it is.
   */
  public static ExecutionPlan resolve(ExecutionPlan plan, Map<Integer, List<List<ShuffleLocation>>> outputs) {
    if (plan instanceof ShuffleReaderExec reader) {
      List<List<ShuffleLocation>> locations = outputs.get(reader.stageId());
      if (locations == null) {
        throw new IllegalStateException("stage " + reader.stageId() + " has not finished");
      }
      return reader.withLocations(locations);
    }
    List<ExecutionPlan> children = new ArrayList<>();
    for (ExecutionPlan child : plan.children()) {
      children.add(resolve(child, outputs));
    }
    return children.isEmpty() ? plan : plan.withChildren(children);
  }

  /** EXPLAIN text of a plan tree. */
  public static String explain(ExecutionPlan plan) {
    StringBuilder sb = new StringBuilder();
    explain(plan, 0, sb);
    return sb.toString();
  }

  private static void explain(ExecutionPlan plan, int depth, StringBuilder sb) {
    sb.append("  ".repeat(depth)).append(plan.describe()).append('\n');
    for (ExecutionPlan child : plan.children()) {
      explain(child, depth + 1, sb);
    }
  }
}
