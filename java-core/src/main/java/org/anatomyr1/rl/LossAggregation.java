// How per-token losses become one scalar (rl_anchors.md 1.4; kernels.md "aggregation weights").
// The weight of every token of completion i is known before the kernel runs, so each logits row
// stays independent: loss = sum_i w_i sum_t m_it l_it.
package org.anatomyr1.rl;

import java.util.Arrays;
import java.util.Locale;

public enum LossAggregation {
  /** Sum over all valid tokens / their count (ms-swift 3.3, DAPO, verl token-mean). */
  TOKEN_MEAN("token-mean"),
  /** Mean over completions of each completion's token mean (original GRPO, VLM-R1). */
  SEQ_MEAN_TOKEN_MEAN("seq-mean-token-mean"),
  /** Token sum / (B * max completion length), a constant normaliser (Dr.GRPO). */
  SEQ_MEAN_TOKEN_SUM_NORM("seq-mean-token-sum-norm");

  private final String configName;

  LossAggregation(String configName) {
    this.configName = configName;
  }

  public String configName() {
    return configName;
  }

  public static LossAggregation fromConfig(String name) {
    for (LossAggregation a : values()) {
      if (a.configName.equals(name.toLowerCase(Locale.ROOT))) return a;
    }
    throw new IllegalArgumentException("unknown loss aggregation '" + name + "'; valid: "
        + String.join(", ", Arrays.stream(values()).map(LossAggregation::configName).toList()));
  }

  /**
   * The weight w_i of each token of completion i.
   *
   * @param validTokens valid (unmasked) completion tokens of each completion, [B]
   * @param maxCompletionTokens the configured completion limit L_max (used by Dr.GRPO)
   */
  public double[] sequenceWeights(int[] validTokens, int maxCompletionTokens) {
    int b = validTokens.length;
    double[] w = new double[b];
    if (b == 0) return w;
    long total = 0;
    for (int i = 0; i < b; i++) {
      if (validTokens[i] < 0) throw new IllegalArgumentException("validTokens[" + i + "] is negative: " + validTokens[i]);
      total += validTokens[i];
    }
    for (int i = 0; i < b; i++) {
      w[i] = switch (this) {
        case TOKEN_MEAN -> total == 0 ? 0.0 : 1.0 / total;
        case SEQ_MEAN_TOKEN_MEAN -> validTokens[i] == 0 ? 0.0 : 1.0 / ((double) b * validTokens[i]);
        case SEQ_MEAN_TOKEN_SUM_NORM -> {
          if (maxCompletionTokens < 1) throw new IllegalArgumentException("maxCompletionTokens must be >= 1");
          yield 1.0 / ((double) b * maxCompletionTokens);
        }
      };
    }
    return w;
  }
}
