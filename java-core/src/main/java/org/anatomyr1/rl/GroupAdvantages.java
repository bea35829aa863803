// The single home of the GRPO-family advantage math, per completion and before any token is
// touched: the group-normalised advantage (native kernel: (r - mean) / (std + eps) or r - mean),
// which completions train (DAPO's overlong filter), each completion's token weight (the loss
// aggregation) and GPG's alpha = B / (B - M) folded into that weight.
package org.anatomyr1.rl;

import org.anatomyr1.kernels.GroupAdvantagesResult;
import org.anatomyr1.kernels.TensorKernels;
import org.anatomyr1.torchinterop.HostTensors;
import org.bytedeco.javacpp.PointerScope;

/**
 * @param advantages [B*G] per completion
 * @param include [B*G] false for completions whose tokens are masked (truncated under DAPO)
 * @param weights [B*G] weight of each token of the completion (aggregation x alpha)
 * @param zeroVarianceGroups groups whose rewards are all equal
 * @param alpha GPG's B / (B - M), 1 for the other algorithms
 */
public record GroupAdvantages(float[] advantages, boolean[] include, double[] weights, int zeroVarianceGroups,
    double alpha) {

  /**
   * @param rewards [B*G] total rewards, groups contiguous
   * @param lengths [B*G] completion lengths in tokens
   * @param truncated [B*G] stopped at the token limit
   */
  @SuppressWarnings("try")
  public static GroupAdvantages of(Algorithm algo, int groupSize, float[] rewards, int[] lengths, boolean[] truncated,
      int maxCompletionTokens) {
    int rows = rewards.length;
    int groups = rows / groupSize;
    float[] adv;
    int zero = 0;
    try (PointerScope scope = new PointerScope()) {
      GroupAdvantagesResult a = TensorKernels.groupAdvantages(HostTensors.floats(rewards, rows), groupSize,
          algo.advantages());
      adv = HostTensors.toFloats(a.advantages());
      for (byte z : HostTensors.rawBytes(a.zeroVariance())) if (z != 0) zero++;
    }
    double alpha = algo.gpgAlpha() ? gpgAlpha(groups, zero) : 1.0;
    boolean[] include = new boolean[rows];
    int[] valid = new int[rows];
    for (int r = 0; r < rows; r++) {
      include[r] = !(algo.overlongFilter() && truncated[r]);
      valid[r] = include[r] ? lengths[r] : 0;
    }
    double[] w = algo.aggregation().sequenceWeights(valid, maxCompletionTokens);
    for (int r = 0; r < rows; r++) w[r] *= alpha;
    return new GroupAdvantages(adv, include, w, zero, alpha);
  }

  /**
   * GPG's gradient rescaling alpha = B / (B - M) for B groups of which M have zero reward variance
   * (and so no gradient): the valid groups keep full weight. Anatomy-R1's patch of ms-swift divides
   * by inverse_alpha = (B - M) / B, the same thing. 1 when every group is degenerate (loss is 0).
   */
  public static double gpgAlpha(int groups, int zeroVarianceGroups) {
    if (groups < 0 || zeroVarianceGroups < 0 || zeroVarianceGroups > groups) {
      throw new IllegalArgumentException("need 0 <= zero-variance groups (" + zeroVarianceGroups
          + ") <= groups (" + groups + ")");
    }
    int valid = groups - zeroVarianceGroups;
    return valid == 0 ? 1.0 : (double) groups / valid;
  }
}
