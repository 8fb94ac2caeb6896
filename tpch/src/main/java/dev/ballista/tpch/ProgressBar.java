package dev.ballista.tpch;

import java.io.Console;
import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * A one-line text progress bar with rate and ETA:
 * {@code tpch sf1 [########------------]  42%  3.6M/8.7M rows  480K rows/s  ETA 11s}.
 * On a terminal the line is redrawn in place with '\r' (at most ten times a second); otherwise, for logs and CI,
 * a line is printed at each further 10%. Thread-safe.
 */
public final class ProgressBar {
  private static final int WIDTH = 20;
  private static final long REDRAW_NANOS = 100_000_000L;

  private final PrintStream out;
  private final String label;
  private final boolean terminal;
  private final LongSupplier nanoClock;
  private final long startNanos;
  private long lastDrawNanos;
  private int lastTenth;
  private int lastLineLength;
  private boolean finished;

  public ProgressBar(PrintStream out, String label, boolean terminal) {
    this(out, label, terminal, System::nanoTime);
  }

  ProgressBar(PrintStream out, String label, boolean terminal, LongSupplier nanoClock) {
    this.out = out;
    this.label = label;
    this.terminal = terminal;
    this.nanoClock = nanoClock;
    this.startNanos = nanoClock.getAsLong();
    this.lastDrawNanos = startNanos - REDRAW_NANOS;
  }

  /**
   * Whether the process runs on an interactive terminal. From JDK 22 {@code System.console()} exists even when
   * output is redirected and {@code Console.isTerminal()} tells; the Java 21 API cannot name that method.
   */
  public static boolean onTerminal() {
    Console console = System.console();
    if (console == null) {
      return false;
    }
    try {
      return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
    } catch (NoSuchMethodException e) {
      return true;
    } catch (ReflectiveOperationException e) {
      return false;
    }
  }

  /** Reports progress; {@code done} may pass an estimated {@code total}, the bar then holds at 99%. */
  public synchronized void update(long done, long total) {
    if (finished) {
      return;
    }
    long now = nanoClock.getAsLong();
    int percent = total <= 0 ? 0 : (int) Math.min(99, done * 100 / total);
    if (terminal) {
      if (now - lastDrawNanos >= REDRAW_NANOS) {
        lastDrawNanos = now;
        redraw(progressLine(done, total, percent, now));
      }
    } else if (percent / 10 > lastTenth) {
      lastTenth = percent / 10;
      out.println(progressLine(done, total, percent, now));
    }
  }

  /** Draws the final line, with the total time and the mean rate; later updates are ignored. */
  public synchronized void finish(long done) {
    if (finished) {
      return;
    }
    finished = true;
    long elapsed = nanoClock.getAsLong() - startNanos;
    String line = String.format(Locale.ROOT, "%s %s 100%%  %s rows in %s  %s rows/s", label, bar(100),
        compact(done), duration(elapsed), compact(rate(done, elapsed)));
    if (terminal) {
      redraw(line);
      out.println();
    } else {
      out.println(line);
    }
    out.flush();
  }

  private void redraw(String line) {
    // Spaces wipe what a longer previous line left on screen.
    out.print("\r" + line + " ".repeat(Math.max(0, lastLineLength - line.length())));
    out.flush();
    lastLineLength = line.length();
  }

  private String progressLine(long done, long total, int percent, long now) {
    long elapsed = now - startNanos;
    long rate = rate(done, elapsed);
    String eta = rate == 0 ? "--" : duration(Math.max(0, total - done) * 1_000_000_000L / rate);
    return String.format(Locale.ROOT, "%s %s %3d%%  %s/%s rows  %s rows/s  ETA %s", label, bar(percent), percent,
        compact(done), compact(total), compact(rate), eta);
  }

  private static String bar(int percent) {
    int filled = percent * WIDTH / 100;
    return "[" + "#".repeat(filled) + "-".repeat(WIDTH - filled) + "]";
  }

  private static long rate(long done, long elapsedNanos) {
    return elapsedNanos <= 0 ? 0 : (long) (done * 1e9 / elapsedNanos);
  }

  /** 950, 12.3K, 8.7M, 1.2G. */
  static String compact(long n) {
    if (n < 1_000) {
      return Long.toString(n);
    }
    String[] units = {"K", "M", "G", "T"};
    double value = n;
    int unit = -1;
    while (value >= 1_000 && unit < units.length - 1) {
      value /= 1_000;
      unit++;
    }
    return String.format(Locale.ROOT, value < 100 ? "%.1f%s" : "%.0f%s", value, units[unit]);
  }

  /** 42s, 3m05s, 1h02m. */
  static String duration(long nanos) {
    long seconds = Math.round(nanos / 1e9);
    if (seconds < 60) {
      return seconds + "s";
    }
    if (seconds < 3600) {
      return String.format(Locale.ROOT, "%dm%02ds", seconds / 60, seconds % 60);
    }
    return String.format(Locale.ROOT, "%dh%02dm", seconds / 3600, seconds % 3600 / 60);
  }
}
