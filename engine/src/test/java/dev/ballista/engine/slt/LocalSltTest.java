package dev.ballista.engine.slt;

import dev.ballista.engine.QueryException;
import dev.ballista.engine.catalog.Catalog;
import dev.ballista.engine.dist.LocalQueryRunner;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/** The .slt corpus in-process: LocalQueryRunner with 3 partitions per stage and real shuffle files. */
class LocalSltTest {
  @TempDir
  static Path dir;
  static BufferAllocator allocator;
  static LocalQueryRunner runner;

  @BeforeAll
  static void setUp() throws Exception {
    allocator = new RootAllocator();
    Catalog catalog = new Catalog();
    SltTables.register(catalog, allocator, dir.resolve("tables"));
    runner = new LocalQueryRunner(catalog, 3, dir.resolve("work"), allocator);
  }

  @AfterAll
  static void tearDown() {
    runner.close();
    allocator.close(); // fails the suite on leaked buffers
  }

  @TestFactory
  Stream<DynamicNode> slt() {
    return SltSuite.tests(sql -> {
      try {
        LocalQueryRunner.QueryResult result = runner.sql(sql);
        return new SltEngine.Result(result.schema(), result.rows());
      } catch (QueryException e) {
        throw new SltEngine.Failure(e.code().name(), e.displayMessage());
      }
    }, dir.resolve("tables"));
  }
}
