package dev.ballista.tpch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressBarTest {
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
  private final AtomicLong clock = new AtomicLong();

  private String output() {
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void withoutTerminalPrintsALinePerTenPercent() {
    ProgressBar bar = new ProgressBar(out, "sf1", false, clock::get);
    for (long done = 0; done <= 1000; done += 50) {
      clock.addAndGet(1_000_000_000L);
      bar.update(done, 1000);
    }
    bar.finish(1000);

    String[] lines = output().split("\n");
    assertEquals(10, lines.length, output());
    assertEquals("sf1 [##------------------]  10%  100/1.0K rows  33 rows/s  ETA 27s", lines[0]);
    assertEquals("sf1 [##################--]  90%  900/1.0K rows  47 rows/s  ETA 2s", lines[8]);
    assertEquals("sf1 [####################] 100%  1.0K rows in 21s  47 rows/s", lines[9]);
  }

  @Test
  void onTerminalRedrawsOneLineAtMostTenTimesASecond() {
    ProgressBar bar = new ProgressBar(out, "sf1", true, clock::get);
    clock.set(500_000_000L);
    bar.update(500, 1000);
    clock.addAndGet(10_000_000L);
    bar.update(600, 1000);
    clock.addAndGet(100_000_000L);
    bar.update(700, 1000);
    bar.finish(1000);

    String[] redraws = output().split("\r", -1);
    assertEquals("", redraws[0]);
    assertEquals(4, redraws.length, "two updates drawn, one skipped, then the final line: " + output());
    assertTrue(redraws[1].startsWith("sf1 [##########----------]  50%  500/1.0K rows  1.0K rows/s  ETA 1s"),
        redraws[1]);
    assertTrue(redraws[2].startsWith("sf1 [##############------]  70%  700/1.0K"), redraws[2]);
    assertTrue(redraws[3].startsWith("sf1 [####################] 100%  1.0K rows in 1s"), redraws[3]);
    assertTrue(output().endsWith("\n"));
  }

  @Test
  void anEstimatedTotalThatIsExceededHoldsAtNinetyNinePercent() {
    ProgressBar bar = new ProgressBar(out, "x", false, clock::get);
    clock.set(1_000_000_000L);
    bar.update(1010, 1000);
    assertTrue(output().startsWith("x [###################-]  99%  1.0K/1.0K rows"), output());
  }

  @Test
  void listenerSumsTablesAndFinishesWithTheLast() {
    ProgressBarListener listener = new ProgressBarListener(new ProgressBar(out, "gen", false, clock::get));
    listener.tableStarted("a", 100);
    listener.tableStarted("b", 100);
    clock.set(1_000_000_000L);
    listener.rowsGenerated("a", 100, 100);
    listener.tableFinished("a", 100);
    listener.rowsGenerated("b", 104, 100);
    listener.tableFinished("b", 104);

    String[] lines = output().split("\n");
    assertEquals("gen [##########----------]  50%  100/200 rows  100 rows/s  ETA 1s", lines[0]);
    assertEquals("gen [####################] 100%  204 rows in 1s  204 rows/s", lines[lines.length - 1]);
  }

  @Test
  void numbersAndDurationsAreCompact() {
    assertEquals("950", ProgressBar.compact(950));
    assertEquals("12.3K", ProgressBar.compact(12_345));
    assertEquals("8.7M", ProgressBar.compact(8_661_245));
    assertEquals("600M", ProgressBar.compact(600_037_902));
    assertEquals("42s", ProgressBar.duration(42_000_000_000L));
    assertEquals("3m05s", ProgressBar.duration(185_000_000_000L));
    assertEquals("1h02m", ProgressBar.duration(3_720_000_000_000L));
  }
}
