// DAPO / GPG dynamic sampling: groups whose members all got the same reward carry no advantage, so
// they are dropped and the missing groups resampled (up to maxRounds more rounds); after the last
// round the batch is completed with dropped groups (ms-swift). Disabled: one round, all kept.
// Every group as first sampled is counted (SampledGroupStats) and fed to the curriculum.
package org.anatomyr1.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntFunction;
import org.anatomyr1.data.VqaSample;

final class DynamicSampling {
  /** One round: rollout + rewards of {@code prompts}. */
  interface Round {
    Rewards.Scored sample(List<VqaSample> prompts, int round);
  }

  /**
   * @param kept the batch to train on (at most {@code batch} groups)
   * @param sampled every group of every round, before any drop
   * @param observed every sampled prompt, in order, with {@code observedAccuracy} its mean accuracy reward
   * @param generatedTokens completion tokens of all rounds
   * @param rolloutSeconds wall time of the rounds minus {@code rewardSeconds}
   */
  record Result(List<ScoredGroup> kept, SampledGroupStats sampled, List<VqaSample> observed, double[] observedAccuracy,
      long generatedTokens, double rolloutSeconds, double rewardSeconds, int rounds) {}

  private final boolean enabled;
  private final int maxRounds;
  private final int batch;

  DynamicSampling(boolean enabled, int maxRounds, int batch) {
    this.enabled = enabled;
    this.maxRounds = enabled ? maxRounds : 0;
    this.batch = batch;
  }

  /** Samples {@code first}, then (when enabled) asks {@code more} for as many prompts as groups are missing. */
  Result run(List<VqaSample> first, Round round, IntFunction<List<VqaSample>> more) {
    long t0 = System.nanoTime();
    double rewardSeconds = 0;
    List<ScoredGroup> kept = new ArrayList<>();
    List<ScoredGroup> dropped = new ArrayList<>();
    SampledGroupStats sampled = new SampledGroupStats();
    List<VqaSample> observed = new ArrayList<>();
    List<Double> accuracy = new ArrayList<>();
    long generated = 0;
    List<VqaSample> prompts = first;
    int r = 0;
    for (; r <= maxRounds; r++) {
      Rewards.Scored scored = round.sample(prompts, r);
      rewardSeconds += scored.seconds();
      for (int i = 0; i < scored.groups().size(); i++) {
        ScoredGroup gr = scored.groups().get(i);
        observed.add(prompts.get(i));
        accuracy.add(gr.mean("accuracy"));
        sampled.add(gr.item().category(), gr.reward(), gr.perFunction().get("accuracy"), gr.item().difficulty());
        generated += Arrays.stream(gr.lengths()).sum();
        (enabled && gr.zeroVariance() ? dropped : kept).add(gr);
      }
      if (!enabled || kept.size() >= batch) break;
      if (r < maxRounds) prompts = more.apply(batch - kept.size());
    }
    while (kept.size() < batch && !dropped.isEmpty()) kept.add(dropped.remove(0));
    if (kept.size() > batch) kept = new ArrayList<>(kept.subList(0, batch));
    double rolloutSeconds = (System.nanoTime() - t0) / 1e9 - rewardSeconds;
    return new Result(kept, sampled, observed, accuracy.stream().mapToDouble(Double::doubleValue).toArray(), generated,
        rolloutSeconds, rewardSeconds, Math.min(r, maxRounds) + 1);
  }
}
