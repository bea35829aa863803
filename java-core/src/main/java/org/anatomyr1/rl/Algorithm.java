// One GRPO-family algorithm: its loss, advantage normalisation, aggregation and batch-level
// tricks, with the defaults of its reference implementation (rl_anchors.md).
package org.anatomyr1.rl;

import org.anatomyr1.kernels.AdvantageConfig;
import org.anatomyr1.kernels.PolicyLossConfig;

/**
 * @param name registry name ("grpo", "dapo", ...)
 * @param loss the fused-kernel loss (variant, clip range, KL weight; temperature set at rollout)
 * @param advantages group normalisation (std or center, estimator, eps)
 * @param aggregation how token losses become one scalar
 * @param dynamicSampling drop zero-variance groups and resample (DAPO)
 * @param maxResampleRounds how many times dynamic sampling may resample a batch
 * @param overlongFilter mask the tokens of truncated completions (DAPO)
 * @param gpgAlpha multiply the loss by B / (B - M) (GPG)
 * @param groupSize G, completions per prompt
 * @param temperature rollout temperature
 * @param topK rollout top-k (0: off)
 * @param topP rollout top-p (1: off)
 */
public record Algorithm(String name, PolicyLossConfig loss, AdvantageConfig advantages, LossAggregation aggregation,
    boolean dynamicSampling, int maxResampleRounds, boolean overlongFilter, boolean gpgAlpha, int groupSize,
    float temperature, int topK, float topP) {

  public Algorithm {
    if (groupSize < 2) throw new IllegalArgumentException(name + ".groupSize must be >= 2 (a group needs a spread), got " + groupSize);
    if (maxResampleRounds < 0) throw new IllegalArgumentException(name + ".maxResampleRounds must be >= 0");
    if (!(temperature > 0f && Float.isFinite(temperature))) throw new IllegalArgumentException(name + ".temperature must be > 0");
    if (topK < 0) throw new IllegalArgumentException(name + ".topK must be >= 0 (0 = off)");
    if (!(topP > 0f && topP <= 1f)) throw new IllegalArgumentException(name + ".topP must be in (0, 1]");
  }
}
