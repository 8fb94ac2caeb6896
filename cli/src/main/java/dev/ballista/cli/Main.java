package dev.ballista.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code ballista} command. */
@Command(name = "ballista", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
    description = "Distributed SQL on Apache Arrow.",
    subcommands = {StandaloneCommand.class, SqlCommand.class, SchedulerCommand.class, ExecutorCommand.class,
        GatewayCommand.class, TpchCommand.class, AotTrainingCommand.class})
public final class Main implements Runnable {
  public static void main(String[] args) {
    CommandLine cli = new CommandLine(new Main());
    // One clear line for usage mistakes, and the cause (not a stack trace) when a command fails.
    cli.setParameterExceptionHandler((e, a) -> {
      System.err.println("error: " + e.getMessage());
      System.err.println("try: ballista " + (e.getCommandLine().getCommandName().equals("ballista") ? ""
          : e.getCommandLine().getCommandName() + " ") + "--help");
      return 2;
    });
    cli.setExecutionExceptionHandler((e, c, p) -> {
      System.err.println("error: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
      return 1;
    });
    System.exit(cli.execute(args));
  }

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }

  /** Version from the jar manifest when packaged. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {"ballista " + (v == null ? "0.1.0-SNAPSHOT" : v)};
    }
  }
}
