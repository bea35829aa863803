// Stage 2 of a GRPO step: every completion of the rollout decoded and graded by the run's weighted
// reward terms (looked up by name in rl.RewardRegistry); with data parallelism every rank then
// learns the outcomes of all groups (in global order), so advantages and metrics see the whole batch.
package org.anatomyr1.train;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.anatomyr1.data.VqaSample;
import org.anatomyr1.dist.Collective;
import org.anatomyr1.rl.Algorithm;
import org.anatomyr1.rl.RewardInput;
import org.anatomyr1.rl.RewardRegistry;
import org.anatomyr1.rl.WeightedRewards;

final class Rewards {
  /** Completion tokens to text (special tokens skipped). */
  interface Decoder {
    String decode(long[] tokens, int length);
  }

  /** The round's groups in global order and the seconds spent decoding and grading. */
  record Scored(List<ScoredGroup> groups, double seconds) {}

  private final WeightedRewards weighted;
  private final Decoder decoder;
  private final Collective collective;

  Rewards(WeightedRewards weighted, Decoder decoder, Collective collective) {
    this.weighted = weighted;
    this.decoder = decoder;
    this.collective = collective;
  }

  /** accuracy and format with their configured weights, choice when its weight is not 0, plus soft_overlong (weight 1) when its buffer is > 0. */
  static WeightedRewards terms(TrainConfig config, Algorithm algo) {
    RewardRegistry registry = RewardRegistry.forLengths(config.maxCompletionTokens(), overlongBuffer(config, algo));
    List<WeightedRewards.Term> terms = new ArrayList<>();
    terms.add(new WeightedRewards.Term(registry.create("accuracy"), config.rewardAccuracy()));
    terms.add(new WeightedRewards.Term(registry.create("format"), config.rewardFormat()));
    if (config.rewardChoice() != 0) terms.add(new WeightedRewards.Term(registry.create("choice"), config.rewardChoice()));
    if (overlongBuffer(config, algo) > 0) terms.add(new WeightedRewards.Term(registry.create("soft_overlong"), 1.0));
    return new WeightedRewards(terms);
  }

  /** The configured buffer, else DAPO's default: its overlong shaping comes with its overlong filter. */
  static int overlongBuffer(TrainConfig config, Algorithm algo) {
    if (config.overlongBuffer() > 0) return config.overlongBuffer();
    return algo.overlongFilter() ? Math.max(1, config.maxCompletionTokens() / 4) : 0;
  }

  Scored score(RolloutBatch batch) {
    long t0 = System.nanoTime();
    List<ScoredGroup> mine = new ArrayList<>();
    for (RolloutGroup gr : batch.groups()) mine.add(score(gr));
    double seconds = (System.nanoTime() - t0) / 1e9;
    return new Scored(collective.worldSize() == 1 ? mine : global(batch, mine), seconds);
  }

  private ScoredGroup score(RolloutGroup gr) {
    int g = gr.tokens().length;
    double[] total = new double[g];
    Map<String, double[]> per = new LinkedHashMap<>();
    for (int j = 0; j < g; j++) {
      VqaSample v = gr.members().get(j);
      String text = decoder.decode(gr.tokens()[j], gr.lengths()[j]);
      WeightedRewards.Scored sc = weighted.score(new RewardInput(text, v.options(), v.answerIndex(), gr.lengths()[j],
          gr.truncated()[j]));
      total[j] = sc.total();
      for (var e : sc.perFunction().entrySet()) per.computeIfAbsent(e.getKey(), k -> new double[g])[j] = e.getValue();
    }
    return new ScoredGroup(gr.item(), gr, gr.lengths(), gr.truncated(), total, per);
  }

  /** Every rank's outcomes, in global order; the groups of other ranks carry no rollout. */
  private List<ScoredGroup> global(RolloutBatch batch, List<ScoredGroup> mine) {
    List<GroupOutcomes.Outcome> outcomes = new ArrayList<>();
    for (ScoredGroup s : mine) outcomes.add(new GroupOutcomes.Outcome(s.reward(), s.lengths(), s.truncated(), s.perFunction()));
    List<GroupOutcomes.Outcome> all = GroupOutcomes.allGather(outcomes, collective);
    DataParallel.Shard shard = batch.shard();
    List<ScoredGroup> global = new ArrayList<>();
    for (int i = 0; i < all.size(); i++) {
      GroupOutcomes.Outcome o = all.get(i);
      global.add(i >= shard.from() && i < shard.to() ? mine.get(i - shard.from())
          : new ScoredGroup(batch.prompts().get(i), null, o.lengths(), o.truncated(), o.reward(), o.perFunction()));
    }
    return global;
  }
}
