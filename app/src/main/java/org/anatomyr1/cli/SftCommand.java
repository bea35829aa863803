// `anatomy-r1 sft`: supervised fine-tuning on answer-only or templated CoT targets; writes the run
// directory (config.yaml, metrics.jsonl, checkpoints/, final/).
package org.anatomyr1.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.anatomyr1.train.SftTrainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "sft", mixinStandardHelpOptions = true, modelTransformer = ConfigCommand.KeysInHelp.class,
    description = "Supervised fine-tuning (answer-only or CoT targets) of a Qwen2.5-VL model directory.")
final class SftCommand implements Callable<Integer> {
  @Mixin
  TrainOptions options;

  @Option(names = "--mode", description = "the SFT target (key: sft.mode; allowed values in the key list below)")
  String mode;

  @Override
  public Integer call() {
    List<String> extra = new ArrayList<>();
    if (mode != null) extra.add("sft.mode=" + mode);
    System.out.println("run: " + SftTrainer.run(options.resolve(extra)));
    return 0;
  }
}
