package dev.ballista.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ballista tpch ...}: TPC-H tooling. */
@Command(name = "tpch", mixinStandardHelpOptions = true, description = "TPC-H data and benchmarks.",
    subcommands = {TpchCommand.Gen.class})
final class TpchCommand implements Runnable {
  @Override
  public void run() {
    new picocli.CommandLine(this).usage(System.out);
  }

  /** {@code ballista tpch gen}: Parquet data at a scale factor, resumable. */
  @Command(name = "gen", mixinStandardHelpOptions = true, description = "Generate TPC-H data as Parquet.")
  static final class Gen implements Callable<Integer> {
    @Option(names = "--sf", defaultValue = "1", description = "Scale factor (default: ${DEFAULT-VALUE}).")
    double sf;

    @Option(names = "--out", description = "Output directory (default: ./data/tpch/sf<SF>).")
    Path out;

    @Option(names = "--files-per-table", defaultValue = "0",
        description = "Files for each large table (default: sized to about 96 MB each).")
    int filesPerTable;

    @Option(names = "--overwrite", description = "Replace data of another scale factor in the output directory.")
    boolean overwrite;

    @Override
    public Integer call() throws Exception {
      Path dir = out != null ? out : TpchData.directory(Path.of("data"), sf);
      TpchData.generate(dir, sf, filesPerTable, overwrite);
      System.out.println("TPC-H scale factor " + sf + " in " + dir.toAbsolutePath());
      return 0;
    }
  }
}
