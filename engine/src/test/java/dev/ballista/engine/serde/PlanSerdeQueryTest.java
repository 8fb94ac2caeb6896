package dev.ballista.engine.serde;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ballista.engine.TestTables;
import dev.ballista.engine.dist.DistributedPlanner;
import dev.ballista.engine.dist.LocalQueryRunner;
import dev.ballista.engine.dist.QueryStage;
import dev.ballista.engine.exec.Batch;
import dev.ballista.engine.exec.BatchStream;
import dev.ballista.engine.exec.ExecutionPlan;
import dev.ballista.engine.exec.ShuffleLocation;
import dev.ballista.engine.exec.TaskContext;
import dev.ballista.engine.exec.shuffle.IpcBatchReader;
import dev.ballista.engine.exec.shuffle.ShuffleWriteResult;
import dev.ballista.engine.exec.shuffle.ShuffleWriterExec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The plans the planner really makes, shipped as an executor receives them: every stage's resolved plan is
 * serialized once per task and deserialized before it runs, and the query answers as it does in process.
 */
class PlanSerdeQueryTest {
  static BufferAllocator allocator;
  static LocalQueryRunner runner;
  static Path dir;

  @BeforeAll
  static void setUp(@org.junit.jupiter.api.io.TempDir Path tempDir) throws Exception {
    dir = tempDir;
    allocator = new RootAllocator();
    TestTables.writeSales(allocator, dir, 3, 200);
    runner = new LocalQueryRunner(TestTables.catalogWithSales(dir), 2, dir.resolve("work"), allocator);
  }

  @AfterAll
  static void tearDown() {
    runner.close();
    allocator.close(); // fails on leaked buffers
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "select count(*) from sales",
      "select 1, 'a', cast(null as integer), 2.5",
      "select * from (values (1, 'x'), (2, null)) t(n, s)",
      "select region, count(*), sum(amount), min(\"day\"), max(id) from sales where id >= 10 group by region",
      "select id * 2 + 1, amount / 3, region is null, not (id > 5) from sales where id < 20 or region = 'r1'",
      "select id from sales order by amount desc, id limit 3 offset 1",
      "select a.id, b.amount from sales a join sales b on a.id = b.id + 1 and a.amount > b.amount where a.id < 50",
      "select count(*) from sales a left join (select id from sales where id < 10) b on a.id = b.id",
      "select case when id % 2 = 0 then 'even' else substring(region from 1 for 1) end, extract(year from \"day\")"
          + " from sales where region like 'r1%' or region not like '_0'",
      "select avg(amount), count(distinct region) from sales"})
  void runsTheSameThroughTheSerde(String sql) throws Exception {
    List<String> expected = sorted(runner.sql(sql).rows());
    assertEquals(expected, sorted(runShipped(sql)));
  }

  /** What LocalQueryRunner does, except that each task gets its plan as bytes, like an executor. */
  private List<List<Object>> runShipped(String sql) {
    ExecutionPlan plan = runner.physicalPlan(sql);
    String jobId = "serde";
    Path workDir = dir.resolve("shipped");
    Map<Integer, List<List<ShuffleLocation>>> outputs = new HashMap<>();
    List<ShuffleLocation> results = List.of();
    for (QueryStage stage : DistributedPlanner.plan(jobId, plan)) {
      ExecutionPlan resolved = DistributedPlanner.resolve(stage.plan(), outputs);
      byte[] bytes = PlanSerde.serialize(resolved);
      assertEquals(DistributedPlanner.explain(resolved), DistributedPlanner.explain(PlanSerde.deserialize(bytes)));
      List<List<ShuffleLocation>> locations = new ArrayList<>();
      for (int o = 0; o < ((ShuffleWriterExec) resolved).outputPartitionCount(); o++) {
        locations.add(new ArrayList<>());
      }
      for (int p = 0; p < stage.taskCount(); p++) {
        ShuffleWriterExec task = (ShuffleWriterExec) PlanSerde.deserialize(bytes);
        try (BufferAllocator taskAllocator = allocator.newChildAllocator("task", 0, Long.MAX_VALUE)) {
          TaskContext context = new TaskContext(taskAllocator, TaskContext.DEFAULT_BATCH_SIZE,
              (location, schema, ctx) -> new IpcBatchReader(Path.of(location.path()), ctx));
          for (ShuffleWriteResult r : task.write(p, context, workDir)) {
            locations.get(r.outputPartition()).add(new ShuffleLocation("local", "localhost", 0, jobId,
                stage.stageId(), p, r.outputPartition(), r.path()));
          }
        }
      }
      outputs.put(stage.stageId(), locations);
      if (stage.isFinal()) {
        results = locations.get(0);
      }
    }
    List<List<Object>> rows = new ArrayList<>();
    try (BufferAllocator readAllocator = allocator.newChildAllocator("results", 0, Long.MAX_VALUE)) {
      TaskContext context = new TaskContext(readAllocator, 0, null);
      for (ShuffleLocation file : results.stream().sorted(Comparator.comparingInt(ShuffleLocation::mapPartition)).toList()) {
        try (BatchStream stream = new IpcBatchReader(Path.of(file.path()), context)) {
          Batch next;
          while ((next = stream.next()) != null) {
            try (Batch b = next) {
              for (int r = 0; r < b.rowCount(); r++) {
                List<Object> row = new ArrayList<>();
                for (FieldVector v : b.columns()) {
                  row.add(v.getObject(r));
                }
                rows.add(row);
              }
            }
          }
        }
      }
    }
    return rows;
  }

  private static List<String> sorted(List<List<Object>> rows) {
    return rows.stream().map(String::valueOf).sorted().toList();
  }
}
