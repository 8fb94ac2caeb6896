package dev.ballista.cli;

import dev.ballista.tpch.ProgressBar;
import dev.ballista.tpch.ProgressBarListener;
import dev.ballista.tpch.TpchDataGenerator;
import java.nio.file.Path;
import java.util.Locale;

/** Generates TPC-H data with a progress bar on stderr; a complete data set is kept and reused. */
final class TpchData {
  private TpchData() {}

  /** The directory for scale factor {@code sf} under {@code dataDir}, e.g. data/tpch/sf0.1. */
  static Path directory(Path dataDir, double sf) {
    String name = sf == Math.rint(sf) ? String.valueOf((long) sf) : String.format(Locale.ROOT, "%s", sf);
    return dataDir.resolve("tpch").resolve("sf" + name);
  }

  static void generate(Path out, double sf, int filesPerTable, boolean overwrite) throws Exception {
    ProgressBar bar = new ProgressBar(System.err, "TPC-H sf" + sf, ProgressBar.onTerminal());
    TpchDataGenerator.Builder builder = TpchDataGenerator.builder(out, sf).listener(new ProgressBarListener(bar))
        .overwrite(overwrite);
    if (filesPerTable > 0) {
      builder.filesPerTable(filesPerTable);
    }
    try {
      builder.build().generate();
    } finally {
      System.err.println();
    }
  }
}
