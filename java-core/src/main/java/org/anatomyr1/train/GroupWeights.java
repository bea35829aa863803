// Per-completion quantities of one GRPO-family batch, before any token is touched: group advantages
// (kernel), which completions train (DAPO overlong filter), the aggregation weight of each
// completion's tokens and GPG's alpha folded into it.
package org.anatomyr1.train;

import org.anatomyr1.kernels.GroupAdvantagesResult;
import org.anatomyr1.kernels.TensorKernels;
import org.anatomyr1.rl.Algorithm;
import org.anatomyr1.rl.GpgAlpha;
import org.anatomyr1.torchinterop.HostTensors;
import org.bytedeco.javacpp.PointerScope;

/**
 * @param advantages [B*G] per completion
 * @param include [B*G] false for completions whose tokens are masked (truncated under DAPO)
 * @param weights [B*G] weight of each token of the completion (aggregation x alpha)
 * @param zeroVarianceGroups groups whose rewards are all equal
 * @param alpha GPG's B / (B - M), 1 for the other algorithms
 */
public record GroupWeights(float[] advantages, boolean[] include, double[] weights, int zeroVarianceGroups,
    double alpha) {

  /**
   * @param rewards [B*G] total rewards, groups contiguous
   * @param lengths [B*G] completion lengths in tokens
   * @param truncated [B*G] stopped at the token limit
   */
  @SuppressWarnings("try")
  public static GroupWeights of(Algorithm algo, int groupSize, float[] rewards, int[] lengths, boolean[] truncated,
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
    double alpha = algo.gpgAlpha() ? GpgAlpha.of(groups, zero) : 1.0;
    boolean[] include = new boolean[rows];
    int[] valid = new int[rows];
    for (int r = 0; r < rows; r++) {
      include[r] = !(algo.overlongFilter() && truncated[r]);
      valid[r] = include[r] ? lengths[r] : 0;
    }
    double[] w = algo.aggregation().sequenceWeights(valid, maxCompletionTokens);
    for (int r = 0; r < rows; r++) w[r] *= alpha;
    return new GroupWeights(adv, include, w, zero, alpha);
  }
}
