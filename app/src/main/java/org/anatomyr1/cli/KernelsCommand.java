// `anatomy-r1 kernels info`: which kernel libraries loaded, their ABI, the CPU threads, and why
// CUDA is or is not available (the first thing to check on a new GPU server).
package org.anatomyr1.cli;

import java.util.concurrent.Callable;
import org.anatomyr1.kernels.Backends;
import picocli.CommandLine.Command;

@Command(name = "kernels", description = "Native kernel libraries.",
    subcommands = {KernelsCommand.Info.class})
final class KernelsCommand implements Runnable {
  @Override
  public void run() {
    new picocli.CommandLine(this).usage(System.out);
  }

  @Command(name = "info", mixinStandardHelpOptions = true,
      description = "Print the loaded libraries, ABI version, CPU threads and CUDA availability.")
  static final class Info implements Callable<Integer> {
    @Override
    public Integer call() {
      System.out.print(Backends.describe().summary());
      return 0;
    }
  }
}
