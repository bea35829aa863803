// `--max-new-tokens` and the sampling `--seed` of the commands that generate answers (eval, generate):
// one declaration for both. Temperature, top-k and top-p stay per command: their defaults differ.
package org.anatomyr1.cli;

import org.anatomyr1.rollout.SamplingSettings;
import picocli.CommandLine.Option;

final class DecodingOptions {
  @Option(names = "--max-new-tokens", defaultValue = "128", description = "default ${DEFAULT-VALUE}")
  int maxNewTokens;

  @Option(names = "--seed", defaultValue = "0", description = "sampling seed (default ${DEFAULT-VALUE})")
  long seed;

  /** Sampling settings with this seed and the command's own knobs. */
  SamplingSettings sampling(double temperature, int topK, double topP, double repetitionPenalty) {
    return new SamplingSettings(temperature, topK, topP, repetitionPenalty, seed);
  }
}
