// `anatomy-r1 bench train-step`: the command line of TrainStepBenchmark.
package org.anatomyr1.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "train-step", mixinStandardHelpOptions = true,
    description = "Real GRPO steps (rollout + reward + update) through the trainer on a synthetic dataset: first and "
        + "warm step time, rollout/update split, peak RSS (e.g. a bf16 LoRA step on init-model --arch qwen2.5-vl-3b).")
final class TrainStepCommand implements Callable<Integer> {
  @Option(names = "--model", required = true, description = "Hugging Face model directory")
  Path model;

  @Option(names = "--dtype", defaultValue = "fp32", description = "fp32 or bf16 (default ${DEFAULT-VALUE})")
  String dtype;

  @Option(names = "--image-size", defaultValue = "448", description = "side of the synthetic frames, 112..448 (default ${DEFAULT-VALUE})")
  int imageSize;

  @Option(names = "--batch", defaultValue = "1", description = "prompts per step (default ${DEFAULT-VALUE})")
  int batch;

  @Option(names = "--group-size", defaultValue = "2", description = "completions per prompt (default ${DEFAULT-VALUE})")
  int groupSize;

  @Option(names = "--new-tokens", defaultValue = "16", description = "max completion tokens (default ${DEFAULT-VALUE})")
  int newTokens;

  @Option(names = "--lora-rank", defaultValue = "0", description = "LoRA rank, 0 = full fine-tuning (default ${DEFAULT-VALUE})")
  int loraRank;

  @Option(names = "--steps", defaultValue = "2", description = "steps in all; the first is the warm-up (default ${DEFAULT-VALUE})")
  int steps;

  @Option(names = "--threads", defaultValue = "0", description = "CPU threads, 0 = all cores (default ${DEFAULT-VALUE})")
  int threads;

  @Option(names = "--out", description = "Output JSON (default: target/bench/train-step.json).")
  Path out;

  @Parameters(arity = "0..*", paramLabel = "KEY=VALUE", description = "further training-config overrides, e.g. algo=dapo")
  List<String> overrides = new ArrayList<>();

  @Override
  public Integer call() {
    var s = new TrainStepBenchmark.Settings(model, dtype, imageSize, batch, groupSize, newTokens, loraRank, steps,
        threads, overrides);
    System.out.println(TrainStepBenchmark.run(s, out != null ? out : BenchMain.defaultOut("train-step.json"))
        .toPrettyString());
    return 0;
  }
}
