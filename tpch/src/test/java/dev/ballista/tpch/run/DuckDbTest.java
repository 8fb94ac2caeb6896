package dev.ballista.tpch.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DuckDB's dialect and data-set checks. That DuckDB over our files matches the SF 0.01 answers is tested in the
 * cli module, which generates that data set anyway (TpchCommandTest).
 */
class DuckDbTest {
  @TempDir
  static Path dir;

  @Test
  void dialectDropsTheIntervalPrecision() {
    assertEquals("date '1998-12-01' - interval '90' day", DuckDb.dialect("date '1998-12-01' - interval '90' day (3)"));
  }

  @Test
  void aMissingDataSetNamesTheCommandThatMakesIt() {
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> DuckDb.open(dir.resolve("nothing-here"), 1));
    assertTrue(e.getMessage().contains("./ballista tpch gen --sf SF --out"), e.getMessage());
  }
}
