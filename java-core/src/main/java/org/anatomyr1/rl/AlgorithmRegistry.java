// The algorithms the paper compares, each with its reference defaults. Duplicate names throw; an
// unknown name lists the valid ones.
package org.anatomyr1.rl;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.anatomyr1.kernels.PolicyLossConfig;

public final class AlgorithmRegistry {
  private final Map<String, Algorithm> algorithms = new LinkedHashMap<>();

  /**
   * Rollout temperature of every reference run (ms-swift 3.3 as Anatomy-R1 ran it). It is also the
   * loss temperature: the loss must see the distribution the completions were sampled from, so
   * AlgorithmOverrides sets both from this one value (kernels' PolicyLossConfig presets carry 1).
   */
  static final float TEMPERATURE = 0.9f;

  public static AlgorithmRegistry defaults() {
    var std = AdvantageEstimators.get("std");
    var center = AdvantageEstimators.get("center");
    float t = TEMPERATURE;
    AlgorithmRegistry r = new AlgorithmRegistry();
    // ms-swift 3.3 as Anatomy-R1 ran it: clip 0.2, k3 KL beta 0.04, token mean, G 8, T 0.9, top-k 50, top-p 0.9
    r.register(new Algorithm("grpo", PolicyLossConfig.grpo().withTemperature(t), std,
        LossAggregation.TOKEN_MEAN, false, 0, false, false, 8, t, 50, 0.9f));
    // DAPO: clip-higher 0.28, no KL, dynamic sampling (ms-swift max_resample_times 3), overlong filter
    // (and, with it, the soft overlong reward; see train.Rewards)
    r.register(new Algorithm("dapo", PolicyLossConfig.dapo().withTemperature(t), std,
        LossAggregation.TOKEN_MEAN, true, 3, true, false, 8, t, 50, 0.9f));
    // GPG: -logp A, advantages centred (F_norm = 1), loss x B / (B - M), and dynamic sampling as in
    // its paper: zero-variance groups are resampled (up to 3 rounds) until the batch has B valid groups;
    // alpha then corrects for those still invalid after the last round
    r.register(new Algorithm("gpg", PolicyLossConfig.gpg().withTemperature(t), center,
        LossAggregation.TOKEN_MEAN, true, 3, false, true, 8, t, 50, 0.9f));
    // Dr.GRPO: GRPO's clip without KL, no std, constant normaliser B * L_max
    r.register(new Algorithm("dr_grpo", PolicyLossConfig.grpo().withTemperature(t).withBeta(0f), center,
        LossAggregation.SEQ_MEAN_TOKEN_SUM_NORM, false, 0, false, false, 8, t, 50, 0.9f));
    // BNPO is not registered: its Beta-normalised advantage (Xiao et al. 2025) is not implemented,
    // and GRPO with beta 0 under its name would mislead.
    return r;
  }

  /** The valid values of `algo`. */
  public static List<String> names() {
    return List.copyOf(defaults().algorithms.keySet());
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
