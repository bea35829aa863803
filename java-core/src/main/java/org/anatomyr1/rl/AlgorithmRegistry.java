// The algorithms the paper compares, each with its reference defaults. Duplicate names throw; an
// unknown name lists the valid ones.
package org.anatomyr1.rl;

import java.util.LinkedHashMap;
import java.util.Map;
import org.anatomyr1.kernels.AdvantageConfig;
import org.anatomyr1.kernels.AdvantageMode;
import org.anatomyr1.kernels.LossVariant;
import org.anatomyr1.kernels.PolicyLossConfig;

public final class AlgorithmRegistry {
  private final Map<String, Algorithm> algorithms = new LinkedHashMap<>();

  public static AlgorithmRegistry defaults() {
    var std = new AdvantageConfig(AdvantageMode.STD, true, 1e-4f);
    var center = new AdvantageConfig(AdvantageMode.CENTER, true, 1e-4f);
    AlgorithmRegistry r = new AlgorithmRegistry();
    // ms-swift 3.3 as Anatomy-R1 ran it: clip 0.2, k3 KL beta 0.04, token mean, G 8, T 0.9, top-k 50, top-p 0.9
    r.register(new Algorithm("grpo", new PolicyLossConfig(LossVariant.CLIP, 0.9f, 0.2f, 0.2f, 0.04f), std,
        LossAggregation.TOKEN_MEAN, false, 0, false, false, 8, 0.9f, 50, 0.9f));
    // DAPO: clip-higher 0.28, no KL, dynamic sampling (ms-swift max_resample_times 3), overlong filter
    r.register(new Algorithm("dapo", new PolicyLossConfig(LossVariant.CLIP, 0.9f, 0.2f, 0.28f, 0f), std,
        LossAggregation.TOKEN_MEAN, true, 3, true, false, 8, 0.9f, 50, 0.9f));
    // GPG: -logp A, advantages centred (F_norm = 1), loss x B / (B - M), and dynamic sampling as in
    // its paper: zero-variance groups are resampled (up to 3 rounds) until the batch has B valid groups;
    // alpha then corrects for those still invalid after the last round
    r.register(new Algorithm("gpg", new PolicyLossConfig(LossVariant.PLAIN, 0.9f, 0.2f, 0.2f, 0f), center,
        LossAggregation.TOKEN_MEAN, true, 3, false, true, 8, 0.9f, 50, 0.9f));
    // Dr.GRPO: no std, constant normaliser B * L_max, no KL
    r.register(new Algorithm("dr_grpo", new PolicyLossConfig(LossVariant.CLIP, 0.9f, 0.2f, 0.2f, 0f), center,
        LossAggregation.SEQ_MEAN_TOKEN_SUM_NORM, false, 0, false, false, 8, 0.9f, 50, 0.9f));
    // BNPO is not registered: its Beta-normalised advantage (Xiao et al. 2025) is not implemented,
    // and GRPO with beta 0 under its name would mislead.
    return r;
  }

  /** The registered algorithm names, in registration order (the allowed values of config key algo). */
  public static java.util.List<String> names() {
    return java.util.List.copyOf(defaults().algorithms.keySet());
  }

  public AlgorithmRegistry register(Algorithm algorithm) {
    if (algorithms.putIfAbsent(algorithm.name(), algorithm) != null) {
      throw new IllegalArgumentException("algorithm '" + algorithm.name() + "' is already registered");
    }
    return this;
  }

  public Algorithm get(String name) {
    Algorithm a = algorithms.get(name);
    if (a == null) {
      throw new IllegalArgumentException("unknown algorithm '" + name + "'; valid: " + String.join(", ", algorithms.keySet()));
    }
    return a;
  }
}
