package dev.ballista.engine.dist;

import dev.ballista.engine.exec.shuffle.ShuffleWriterExec;
import java.util.List;

/** One stage of a distributed query: its plan (topped by a shuffle writer) and the stages it reads from. */
public record QueryStage(int stageId, ShuffleWriterExec plan, List<Integer> inputStages, boolean isFinal) {
  public int taskCount() {
    return plan.inputPartitionCount();
  }
}
