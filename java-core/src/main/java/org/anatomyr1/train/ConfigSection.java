// The sections config keys are grouped in: the order of `--help`, `anatomy-r1 config keys` and
// docs/TRAINING.md's key table (config.yaml keeps the declaration order of ConfigKeys).
package org.anatomyr1.train;

public enum ConfigSection {
  RUN("run", "model, run directory, device, seeds, checkpoints and run safety"),
  DATA("data", "training data and its images"),
  DIST("dist", "data-parallel runs (launch, torchrun, srun)"),
  SAMPLING("sampling", "rollouts: group size, completion length, sampler (empty: the algorithm's default)"),
  ALGORITHM("algorithm", "the GRPO-family algorithm and its overrides (empty: rl/AlgorithmRegistry's default)"),
  REWARD("reward", "reward weights"),
  CURRICULUM("curriculum", "prompt order: ASC and its baselines"),
  GDQA("gdqa", "group-diverse question augmentation"),
  SFT("sft", "the SFT warm-up (replaces the RL budget keys for `sft`)"),
  OPTIMIZER("optimizer", "steps, batch, AdamW, schedule, clipping, accumulation"),
  LORA("lora", "trainable weights: LoRA adapters or full fine-tuning");

  private final String title;
  private final String meaning;

  ConfigSection(String title, String meaning) {
    this.title = title;
    this.meaning = meaning;
  }

  public String title() {
    return title;
  }

  public String meaning() {
    return meaning;
  }
}
