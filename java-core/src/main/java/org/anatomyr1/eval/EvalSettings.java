// How an evaluation runs: k samples per item (Avg@k / Major@k / Pass@k) besides the greedy answer,
// their sampling settings and seed, the completion budget, the prompt batch size and the device.
package org.anatomyr1.eval;

import java.nio.file.Path;
import org.anatomyr1.model.core.ComputeSettings;
import org.anatomyr1.rollout.SamplingSettings;

/**
 * @param k            sampled completions per item (>= 1)
 * @param maxNewTokens completion budget in tokens
 * @param sampling     settings of the k samples (the greedy pass ignores them); its seed seeds them
 * @param batchSize    prompts per generation batch (each batch runs k + 1 rows per prompt)
 * @param compute      dtype and device of the model
 * @param imageDir     folder that relative image references resolve against (the dataset file's folder)
 * @param outDir       where predictions.jsonl, eval.json and eval.md go; null writes nothing
 * @param label        name of the evaluated model in tables ("zero-shot", "sft", ...)
 */
public record EvalSettings(int k, int maxNewTokens, SamplingSettings sampling, int batchSize, ComputeSettings compute,
    Path imageDir, Path outDir, String label) {

  /** The paper's evaluation sampling (temperature 0.9, top-k 50, top-p 0.9, as in GRPO rollouts). */
  public static SamplingSettings paperSampling(long seed) {
    return new SamplingSettings(0.9, 50, 0.9, 1.0, seed);
  }

  public EvalSettings {
    if (k < 1) throw new IllegalArgumentException("eval k must be >= 1, got " + k);
    if (maxNewTokens < 1) throw new IllegalArgumentException("eval max_new_tokens must be >= 1, got " + maxNewTokens);
    if (batchSize < 1) throw new IllegalArgumentException("eval batch_size must be >= 1, got " + batchSize);
    if (sampling == null) throw new IllegalArgumentException("eval sampling settings must be given");
    if (sampling.isGreedy()) {
      throw new IllegalArgumentException("eval sampling temperature must be > 0 (the k samples are drawn; greedy is Pass@1)");
    }
    if (compute == null) compute = ComputeSettings.cpuFloat32();
    if (label == null || label.isBlank()) label = "model";
  }

  public EvalSettings withOutDir(Path dir) {
    return new EvalSettings(k, maxNewTokens, sampling, batchSize, compute, imageDir, dir, label);
  }

  public EvalSettings withLabel(String newLabel) {
    return new EvalSettings(k, maxNewTokens, sampling, batchSize, compute, imageDir, outDir, newLabel);
  }
}
