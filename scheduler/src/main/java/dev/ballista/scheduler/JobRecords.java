package dev.ballista.scheduler;

import com.google.protobuf.ByteString;
import dev.ballista.engine.dist.QueryStage;
import dev.ballista.engine.exec.shuffle.ShuffleWriterExec;
import dev.ballista.engine.serde.PlanSerde;
import dev.ballista.proto.StoredJob;
import dev.ballista.proto.StoredStage;
import dev.ballista.proto.StoredTask;
import java.util.ArrayList;
import java.util.List;

/** Conversions between the job state machine's objects and the records the state store keeps. */
final class JobRecords {
  private JobRecords() {}

  /** The job's record; stage plans are serialized once and reused when the job's state changes. */
  static StoredJob job(Job job) {
    if (job.storedStages == null) {
      List<StoredStage> stages = new ArrayList<>();
      for (Job.Stage stage : job.stages.values()) {
        stages.add(StoredStage.newBuilder().setStageId(stage.plan.stageId())
            .setPlan(ByteString.copyFrom(PlanSerde.serialize(stage.plan.plan())))
            .addAllInputStages(stage.plan.inputStages()).setIsFinal(stage.plan.isFinal()).build());
      }
      job.storedStages = List.copyOf(stages);
    }
    StoredJob.Builder b = StoredJob.newBuilder().setJobId(job.id).setSql(job.sql)
        .setSubmittedAtMillis(job.submittedAtMillis).setResultSchema(ByteString.copyFrom(job.resultSchema))
        .addAllStages(job.storedStages).setState(job.state).setFinishedAtMillis(job.finishedAtMillis)
        .setAttemptBase(job.attemptBase);
    if (job.error != null) {
      b.setError(job.error);
    }
    return b.build();
  }

  static StoredTask task(Job job, Job.Stage stage, Job.Task task) {
    StoredTask.Builder b = StoredTask.newBuilder().setJobId(job.id).setStageId(stage.plan.stageId())
        .setPartition(task.partition).setAttempt(task.attempt).setExecutorId(task.executorId)
        .addAllOutputs(task.outputs);
    if (task.metrics != null) {
      b.setMetrics(task.metrics);
    }
    return b.build();
  }

  /** The job's stages from its record; fails if a plan cannot be read (e.g. written by another version). */
  static List<QueryStage> stages(StoredJob record) {
    List<QueryStage> stages = new ArrayList<>();
    for (StoredStage s : record.getStagesList()) {
      ShuffleWriterExec plan = (ShuffleWriterExec) PlanSerde.deserialize(s.getPlan().toByteArray());
      stages.add(new QueryStage(s.getStageId(), plan, List.copyOf(s.getInputStagesList()), s.getIsFinal()));
    }
    return stages;
  }
}
