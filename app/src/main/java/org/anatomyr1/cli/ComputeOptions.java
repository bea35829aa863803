// `--dtype` and `--device` of the commands that load a model for inference (eval, generate): one
// declaration, so their names, defaults and help stay the same in both.
package org.anatomyr1.cli;

import org.anatomyr1.model.core.ComputeSettings;
import picocli.CommandLine.Option;

final class ComputeOptions {
  @Option(names = "--dtype", defaultValue = "fp32", description = "fp32, bf16, fp16 (default ${DEFAULT-VALUE})")
  String dtype;

  @Option(names = "--device", defaultValue = "cpu", description = "cpu, cuda, cuda:N (default ${DEFAULT-VALUE})")
  String device;

  /** The dtype and device the model is loaded with. */
  ComputeSettings settings() {
    return new ComputeSettings(ComputeSettings.parseDtype(dtype), device);
  }
}
