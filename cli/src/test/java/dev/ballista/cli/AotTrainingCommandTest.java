package dev.ballista.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The launcher's training workload runs all 22 queries on an in-process cluster and exits 0 only if all succeed. */
class AotTrainingCommandTest {
  @Test
  void runsTheTpchQueriesOnAnInProcessCluster(@TempDir Path tmp) {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream saved = System.err;
    int exit;
    try {
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      exit = new CommandLine(new AotTrainingCommand()).execute("--data", tmp.toString(), "--sf", "0.01",
          "--iterations", "1");
    } finally {
      System.setErr(saved);
    }
    String log = err.toString(StandardCharsets.UTF_8);
    assertEquals(0, exit, log);
    assertTrue(log.contains("aot-training: 1 x 22 TPC-H queries at scale factor 0.01 done"), log);
    assertTrue(Files.isDirectory(TpchData.directory(tmp, 0.01).resolve("lineitem")), log);
  }
}
