// `--out` and `--seed` of the commands that write a generated dataset folder (synth, augment): one
// declaration, so "same seed, same folder" reads the same in both.
package org.anatomyr1.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

final class SeededOutputOptions {
  @Option(names = "--out", required = true, description = "output directory")
  Path out;

  @Option(names = "--seed", defaultValue = "0", description = "random seed (default: ${DEFAULT-VALUE})")
  long seed;
}
