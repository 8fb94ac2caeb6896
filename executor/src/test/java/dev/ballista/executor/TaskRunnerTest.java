package dev.ballista.executor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import dev.ballista.proto.TaskDefinition;
import dev.ballista.proto.TaskId;
import dev.ballista.proto.TaskStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What happens to tasks that arrive for a job already removed, and to tasks that arrive while draining. */
class TaskRunnerTest {
  @TempDir
  Path dir;
  BufferAllocator allocator;
  WorkDirectory workDir;
  TaskRunner runner;
  final LinkedBlockingQueue<TaskStatus> reports = new LinkedBlockingQueue<>();

  @BeforeEach
  void start() throws Exception {
    allocator = new RootAllocator();
    workDir = WorkDirectory.open(dir);
    runner = new TaskRunner("e1", 2, allocator, null, workDir, reports::add);
  }

  @AfterEach
  void stop() {
    runner.close();
    workDir.close();
    allocator.close();
  }

  /** A task whose plan is not a plan: if it runs at all, it fails as an internal error. */
  static TaskDefinition task(String jobId) {
    return TaskDefinition.newBuilder()
        .setTask(TaskId.newBuilder().setJobId(jobId).setStageId(1).setPartition(0).setAttempt(0))
        .setPlan(ByteString.copyFromUtf8("not a plan")).build();
  }

  TaskStatus nextReport() throws InterruptedException {
    TaskStatus status = reports.poll(10, TimeUnit.SECONDS);
    assertTrue(status != null, "no report");
    return status;
  }

  @Test
  void aTaskOfARemovedJobDoesNotRunButGivesItsSlotBack() throws Exception {
    Files.createDirectories(workDir.jobsDir().resolve("j1"));
    runner.removeJobData("j1");
    runner.launch(task("j1"));
    TaskStatus status = nextReport();
    assertEquals("CANCELLED", status.getFailed().getError().getCode(), status.toString());
    assertFalse(status.getFailed().getHandedBack());
    assertFalse(Files.exists(workDir.jobsDir().resolve("j1")));

    runner.launch(task("j2"));
    assertEquals("INTERNAL", nextReport().getFailed().getError().getCode(), "other jobs still run");
  }

  @Test
  void whileDrainingNewTasksAreHandedBackUnrun() throws Exception {
    runner.stopAccepting();
    runner.launch(task("j1"));
    TaskStatus status = nextReport();
    assertTrue(status.getFailed().getHandedBack(), status.toString());
    assertTrue(status.getFailed().getRetryable(), "an older scheduler retries it as a failure");
    assertTrue(runner.awaitIdle(1000));
  }
}
