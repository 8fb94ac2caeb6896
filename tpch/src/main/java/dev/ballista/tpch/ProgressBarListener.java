package dev.ballista.tpch;

import java.util.HashMap;
import java.util.Map;

/**
 * Draws a whole generation run as one {@link ProgressBar}: the rows of all tables being written, against their
 * announced totals. The bar finishes when the last started table does.
 */
public final class ProgressBarListener implements GenerationListener {
  private final ProgressBar bar;
  private final Map<String, Long> totals = new HashMap<>();
  private final Map<String, Long> done = new HashMap<>();
  private int unfinished;

  public ProgressBarListener(ProgressBar bar) {
    this.bar = bar;
  }

  @Override
  public synchronized void tableStarted(String table, long rowsTotal) {
    totals.put(table, rowsTotal);
    done.put(table, 0L);
    unfinished++;
  }

  @Override
  public synchronized void rowsGenerated(String table, long rowsDone, long rowsTotal) {
    done.put(table, rowsDone);
    bar.update(sum(done), sum(totals));
  }

  @Override
  public synchronized void tableFinished(String table, long rows) {
    // A finished table's exact count replaces its estimate (lineitem's), so the total comes out right.
    totals.put(table, rows);
    done.put(table, rows);
    unfinished--;
    if (unfinished == 0) {
      bar.finish(sum(done));
    } else {
      bar.update(sum(done), sum(totals));
    }
  }

  private static long sum(Map<String, Long> values) {
    return values.values().stream().mapToLong(Long::longValue).sum();
  }
}
