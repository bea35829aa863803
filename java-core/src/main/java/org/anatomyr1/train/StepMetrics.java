// One GRPO step's metrics.jsonl record, computed from the stages' outputs in one place; the key
// order and values are the metrics contract (docs/TRAINING.md), so toMap writes them in that order.
package org.anatomyr1.train;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.anatomyr1.curriculum.SchedulerMetrics;
import org.anatomyr1.rl.GroupAdvantages;

/**
 * @param rewardMeans reward name -> mean over the trained completions (unweighted)
 * @param zeroVarianceFraction over every group as first sampled (all rounds, before drops)
 * @param zeroVarianceFractionTrained over the trained batch
 * @param invalidGradientRatioByCategory category -> share of sampled groups with every member wrong
 * @param curriculumSqMean mean S(q) of the trained prompts (NaN when unscored; Figure 5)
 * @param allreduceSeconds gradient all-reduce time, null without data parallelism
 */
record StepMetrics(int step, double rewardMean, double rewardStd, Map<String, Double> rewardMeans,
    double zeroVarianceFraction, double zeroVarianceFractionTrained, int groupsSampled, double invalidGradientRatio,
    Map<String, Double> invalidGradientRatioByCategory, double curriculumSqMean, double kl, double clipFraction,
    double entropy, double completionLengthMean, double gpgAlpha, SchedulerMetrics curriculum,
    double rolloutTokensPerS, double rolloutSeconds, double rewardSeconds, double updateSeconds, double loss, double lr,
    double gradNorm, boolean skipped, Double allreduceSeconds) {

  /** The record of step {@code step} (0-based) from what the stages returned. */
  static StepMetrics of(int step, DynamicSampling.Result sampling, GroupAdvantages adv, PolicyUpdate.Result update,
      SchedulerMetrics curriculum, double updateSeconds, Double allreduceSeconds) {
    List<ScoredGroup> kept = sampling.kept();
    double[] all = kept.stream().flatMapToDouble(x -> Arrays.stream(x.reward())).toArray();
    double mean = Arrays.stream(all).average().orElse(0);
    double var = Arrays.stream(all).map(x -> (x - mean) * (x - mean)).sum() / Math.max(1, all.length - 1);
    Map<String, Double> means = new LinkedHashMap<>();
    for (String fn : kept.get(0).perFunction().keySet()) {
      means.put(fn, kept.stream().mapToDouble(x -> x.mean(fn)).average().orElse(0));
    }
    SampledGroupStats sampled = sampling.sampled();
    PolicyUpdate.Sums u = update.sums();
    double rollout = sampling.rolloutSeconds();
    return new StepMetrics(step + 1, mean, Math.sqrt(var), means, sampled.zeroVarianceFraction(),
        (double) adv.zeroVarianceGroups() / kept.size(), sampled.groups(), sampled.invalidGradientRatioAll(),
        sampled.invalidGradientRatio(),
        kept.stream().filter(x -> x.item().difficulty() != null).mapToDouble(x -> x.item().difficulty()).average()
            .orElse(Double.NaN),
        u.perToken(u.klSum()), u.perToken(u.clippedSum()), u.perToken(u.entropySum()),
        kept.stream().flatMapToInt(x -> Arrays.stream(x.lengths())).average().orElse(0), adv.alpha(), curriculum,
        rollout > 0 ? sampling.generatedTokens() / rollout : 0.0, rollout, sampling.rewardSeconds(), updateSeconds,
        u.loss(), update.outcome().lr(), update.outcome().gradNorm(), update.outcome().skipped(), allreduceSeconds);
  }

  /** The metrics.jsonl line, keys in contract order. */
  Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("step", step);
    m.put("reward_mean", rewardMean);
    m.put("reward_std", rewardStd);
    for (var e : rewardMeans.entrySet()) m.put("reward/" + e.getKey() + "_mean", e.getValue());
    m.put("zero_variance_fraction", zeroVarianceFraction);
    m.put("zero_variance_fraction_trained", zeroVarianceFractionTrained);
    m.put("groups_sampled", groupsSampled);
    m.put("invalid_gradient_ratio", invalidGradientRatio);
    for (var e : invalidGradientRatioByCategory.entrySet()) m.put("invalid_gradient_ratio/" + e.getKey(), e.getValue());
    m.put("curriculum_sq_mean", curriculumSqMean);
    m.put("kl", kl);
    m.put("clip_fraction", clipFraction);
    m.put("entropy", entropy);
    m.put("completion_length_mean", completionLengthMean);
    m.put("gpg_alpha", gpgAlpha);
    m.put("curriculum_bin", curriculum.bin());
    m.put("curriculum_sq_min", curriculum.sMin());
    m.put("curriculum_sq_max", curriculum.sMax());
    m.put("rollout_tokens_per_s", rolloutTokensPerS);
    m.put("time_rollout_s", rolloutSeconds);
    m.put("time_reward_s", rewardSeconds);
    m.put("time_update_s", updateSeconds);
    m.put("loss", loss);
    m.put("lr", lr);
    m.put("grad_norm", gradNorm);
    m.put("skipped", skipped);
    if (allreduceSeconds != null) m.put("time_allreduce_s", allreduceSeconds);
    return m;
  }
}
