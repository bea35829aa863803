// The `anatomy-r1` command line: one binary, one picocli subcommand per job (ARCHITECTURE.md, CLI).
// Commands parse and wire; the work lives in the packages they call.
package org.anatomyr1.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(
    name = "anatomy-r1",
    mixinStandardHelpOptions = true,
    version = "anatomy-r1 0.1.0",
    description = "GRPO-family RL for Qwen2.5-VL on medical VQA (Anatomy-R1: ASC curriculum + GDQA).",
    subcommands = {
      DemoCommand.class,
      KernelsCommand.class,
      DataCommand.class,
      SynthCommand.class,
      DifficultyCommand.class,
      AugmentCommand.class,
      ForwardCommand.class,
      GenerateCommand.class,
      InitModelCommand.class,
      SftCommand.class,
      TrainCommand.class,
      EvalCommand.class,
      ExperimentsCommand.class,
      ReportCommand.class,
      LaunchCommand.class,
      ConfigCommand.class,
      CommandLine.HelpCommand.class,
    })
public final class Main implements Runnable {

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the CLI and returns its exit code (tests call this instead of main). */
  public static int run(String... args) {
    org.anatomyr1.model.ComputeThreads.prepare(); // before LibTorch loads
    CommandLine cli = new CommandLine(new Main());
    cli.setExecutionExceptionHandler(new OneLineErrors());
    cli.setExecutionStrategy(parsed -> { // --help and --version answer without loading LibTorch (1.5 s)
      Integer help = CommandLine.executeHelpRequest(parsed);
      if (help != null) return help;
      org.anatomyr1.model.NativeLibraryCache.load(); // under the cache lock: runs started together do not race
      return new CommandLine.RunLast().execute(parsed);
    });
    return cli.execute(args);
  }

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }
}
