// `anatomy-r1 train`: GRPO-family RL (grpo, dapo, gpg, dr_grpo) with the ASC curriculum or its
// baselines and GDQA on/off; writes the run directory (config.yaml, metrics.jsonl, checkpoints/, final/).
package org.anatomyr1.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.anatomyr1.train.GrpoTrainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "train", mixinStandardHelpOptions = true, modelTransformer = ConfigCommand.KeysInHelp.class,
    description = "GRPO-family RL training of a Qwen2.5-VL model directory on multiple-choice VQA.")
final class TrainCommand implements Callable<Integer> {
  @Mixin
  TrainOptions options;

  @Option(names = "--algo", description = "the algorithm (key: algo; allowed values in the key list below)")
  String algo;

  @Option(names = "--curriculum", description = "the prompt scheduler (key: curriculum; allowed values below)")
  String curriculum;

  @Option(names = "--gdqa", description = "on or off (key: gdqa)")
  String gdqa;

  @Override
  public Integer call() {
    List<String> extra = new ArrayList<>();
    if (algo != null) extra.add("algo=" + algo);
    if (curriculum != null) extra.add("curriculum=" + curriculum);
    if (gdqa != null) extra.add("gdqa=" + gdqa);
    System.out.println("run: " + GrpoTrainer.run(options.resolve(extra)));
    return 0;
  }
}
