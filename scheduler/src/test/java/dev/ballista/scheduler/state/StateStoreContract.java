package dev.ballista.scheduler.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import dev.ballista.proto.ExecutorMetadata;
import dev.ballista.proto.JobState;
import dev.ballista.proto.QueryError;
import dev.ballista.proto.ShuffleWritePartition;
import dev.ballista.proto.StoredJob;
import dev.ballista.proto.StoredSchema;
import dev.ballista.proto.StoredStage;
import dev.ballista.proto.StoredTable;
import dev.ballista.proto.StoredTask;
import dev.ballista.proto.StoredView;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What every state store does; run against each implementation. */
abstract class StateStoreContract {
  /** A store over fresh, empty state. */
  abstract StateStore store();

  /** A second store over the same state as {@link #store()} (for etcd: another client), or the same one. */
  abstract StateStore sameStateFromAnotherClient();

  static ExecutorMetadata executor(String id) {
    return ExecutorMetadata.newBuilder().setId(id).setHost("127.0.0.1").setPort(50051).setTaskSlots(4)
        .setMemoryLimitBytes(1 << 30).build();
  }

  static StoredJob job(String id, JobState state) {
    return StoredJob.newBuilder().setJobId(id).setSql("select 1").setSubmittedAtMillis(1000)
        .setResultSchema(ByteString.copyFromUtf8("schema"))
        .addStages(StoredStage.newBuilder().setStageId(1).setPlan(ByteString.copyFrom(new byte[] {1, 2, 3})))
        .addStages(StoredStage.newBuilder().setStageId(2).setPlan(ByteString.copyFrom(new byte[] {4}))
            .addInputStages(1).setIsFinal(true))
        .setState(state).build();
  }

  static StoredTask task(String jobId, int stage, int partition, int attempt) {
    return StoredTask.newBuilder().setJobId(jobId).setStageId(stage).setPartition(partition).setAttempt(attempt)
        .setExecutorId("e1").addOutputs(ShuffleWritePartition.newBuilder().setOutputPartition(0)
            .setPath("/work/" + jobId + "/" + stage + "/" + partition).setNumRows(10).setNumBytes(100)).build();
  }

  @Test
  void emptyStoreLoadsNothing() {
    assertTrue(store().load().isEmpty());
  }

  @Test
  void executorsArePutReplacedAndRemoved() {
    StateStore store = store();
    store.putExecutor(executor("e2"));
    store.putExecutor(executor("e1"));
    store.putExecutor(executor("e1").toBuilder().setTaskSlots(8).build());
    assertEquals(List.of(executor("e1").toBuilder().setTaskSlots(8).build(), executor("e2")),
        sameStateFromAnotherClient().load().executors());
    store.removeExecutor("e1");
    store.removeExecutor("never-there");
    assertEquals(List.of(executor("e2")), sameStateFromAnotherClient().load().executors());
  }

  @Test
  void tablesKeepTheirDefinition() {
    StateStore store = store();
    StoredTable lineitem = StoredTable.newBuilder().setSchema("public").setName("lineitem").setFormat("PARQUET")
        .setLocation("/data/lineitem").putOptions("primary_key", "l_orderkey,l_linenumber").build();
    store.putTable(lineitem);
    store.putTable(lineitem.toBuilder().setName("orders").clearOptions().build());
    StoredState state = sameStateFromAnotherClient().load();
    assertEquals(List.of(lineitem, lineitem.toBuilder().setName("orders").clearOptions().build()), state.tables());
    assertEquals(state.tables(), sameStateFromAnotherClient().listTables());
    store.removeTable("PUBLIC", "Orders"); // catalog names are case-insensitive
    assertEquals(List.of(lineitem), sameStateFromAnotherClient().load().tables());
    store.putTable(lineitem.toBuilder().setName("LineItem").setLocation("/data/lineitem-v2").build());
    assertEquals(List.of(lineitem.toBuilder().setName("LineItem").setLocation("/data/lineitem-v2").build()),
        sameStateFromAnotherClient().listTables(), "a table of the same name in other case replaces it");
  }

  @Test
  void schemasAndViewsKeepTheirDefinition() {
    StateStore store = store();
    store.putSchema(StoredSchema.newBuilder().setName("staging").build());
    store.putSchema(StoredSchema.newBuilder().setName("Staging").build()); // the same schema
    store.putSchema(StoredSchema.newBuilder().setName("archive").build());
    StoredView big = StoredView.newBuilder().setSchema("staging").setName("big_orders")
        .setSql("select * from orders where total > 1000").setDefaultSchema("public").build();
    StoredView recent = big.toBuilder().setName("recent").setSql("select * from big_orders where day > date '2024-01-01'")
        .setDefaultSchema("staging").build();
    store.putView(recent);
    store.putView(big);
    StoredState state = sameStateFromAnotherClient().load();
    assertEquals(List.of(StoredSchema.newBuilder().setName("archive").build(),
        StoredSchema.newBuilder().setName("Staging").build()), state.schemas());
    assertEquals(List.of(big, recent), state.views());
    assertTrue(state.tables().isEmpty(), "views are not tables");
    store.putView(big.toBuilder().setName("BIG_orders").setSql("select 1").build());
    store.removeView("STAGING", "Recent");
    store.removeView("staging", "never-there");
    assertEquals(List.of(big.toBuilder().setName("BIG_orders").setSql("select 1").build()),
        sameStateFromAnotherClient().load().views(), "OR REPLACE in other case replaces the view");
  }

  @Test
  void jobsAndTheirTasksRoundTripAndAreRemovedTogether() {
    StateStore store = store();
    store.putJob(job("j1", JobState.RUNNING));
    store.putJob(job("j2", JobState.RUNNING));
    store.putTask(task("j1", 1, 0, 0));
    store.putTask(task("j1", 1, 1, 0));
    store.putTask(task("j1", 1, 1, 2)); // a later attempt replaces the earlier one
    store.putTask(task("j1", 10, 0, 0)); // keys sort by stage number, not text
    store.putTask(task("j2", 1, 0, 0));
    QueryError error = QueryError.newBuilder().setCode("DIVISION_BY_ZERO").setMessage("/ by zero").build();
    store.putJob(job("j2", JobState.FAILED).toBuilder().setError(error).setFinishedAtMillis(2000).build());

    StoredState state = sameStateFromAnotherClient().load();
    assertEquals(List.of(job("j1", JobState.RUNNING),
        job("j2", JobState.FAILED).toBuilder().setError(error).setFinishedAtMillis(2000).build()), state.jobs());
    assertEquals(List.of(task("j1", 1, 0, 0), task("j1", 1, 1, 2), task("j1", 10, 0, 0), task("j2", 1, 0, 0)),
        state.tasks());

    store.removeTask("j1", 1, 0);
    store.removeJob("j2");
    state = sameStateFromAnotherClient().load();
    assertEquals(List.of(job("j1", JobState.RUNNING)), state.jobs());
    assertEquals(List.of(task("j1", 1, 1, 2), task("j1", 10, 0, 0)), state.tasks());
  }

  @Test
  void removingAJobLeavesJobsWhoseIdStartsTheSame() {
    StateStore store = store();
    store.putJob(job("j1", JobState.RUNNING));
    store.putJob(job("j10", JobState.RUNNING));
    store.putTask(task("j1", 1, 0, 0));
    store.putTask(task("j10", 1, 0, 0));
    store.removeJob("j1");
    StoredState state = sameStateFromAnotherClient().load();
    assertEquals(List.of(job("j10", JobState.RUNNING)), state.jobs());
    assertEquals(List.of(task("j10", 1, 0, 0)), state.tasks());
  }
}
