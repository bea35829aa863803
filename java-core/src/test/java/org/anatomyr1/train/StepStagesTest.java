// The GRPO step's stages without a model: Rewards fed known completions, rl.GroupAdvantages and
// StepMetrics checked against values computed by hand (in the comments), DynamicSampling's
// resampling rounds, GPG's alpha, and the ratios staying in [0, 1].
package org.anatomyr1.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.anatomyr1.curriculum.SchedulerMetrics;
import org.anatomyr1.data.VqaSample;
import org.anatomyr1.dist.SingleProcessCollective;
import org.anatomyr1.rl.AccuracyReward;
import org.anatomyr1.rl.AlgorithmRegistry;
import org.anatomyr1.rl.FormatReward;
import org.anatomyr1.rl.GroupAdvantages;
import org.anatomyr1.rl.WeightedRewards;
import org.junit.jupiter.api.Test;

class StepStagesTest {
  static final List<String> OPTIONS = List.of("Liver", "Spleen", "Kidney", "Heart"); // answer B
  // completion "token" -> text: 0 right + formatted (reward 2), 1 wrong + formatted (1), 2 wrong, no format (0)
  static final String[] TEXT = {"<think>t</think><answer>B</answer>", "<think>t</think><answer>C</answer>",
      "<answer>C</answer>"};
  static final int G = 4;

  static VqaSample item(String id, String category) {
    return VqaSample.of(id, id + ".png", "Which organ?", OPTIONS, 1, category);
  }

  /** A rolled-out group whose member j completed with TEXT[codes[j]] (length 5 tokens each). */
  static RolloutGroup group(VqaSample item, int... codes) {
    long[][] tokens = new long[G][];
    for (int j = 0; j < G; j++) tokens[j] = new long[] {codes[j], 0, 0, 0, 0};
    return new RolloutGroup(item, List.of(item, item, item, item), null, tokens, new int[] {5, 5, 5, 5},
        new boolean[G]);
  }

  static Rewards rewards() {
    WeightedRewards w = new WeightedRewards(List.of(new WeightedRewards.Term(new AccuracyReward(), 1.0),
        new WeightedRewards.Term(new FormatReward(), 1.0)));
    return new Rewards(w, (tokens, length) -> TEXT[(int) tokens[0]], new SingleProcessCollective());
  }

  static Rewards.Scored score(List<RolloutGroup> groups) {
    List<VqaSample> prompts = groups.stream().map(RolloutGroup::item).toList();
    return rewards().score(new RolloutBatch(prompts, new DataParallel.Shard(0, prompts.size()), groups));
  }

  @Test
  void knownRewardsGiveHandComputedAdvantagesAndMetrics() {
    // group a: rewards 2 1 1 0; group b: all wrong, 1 1 1 1; group c: all right, 2 2 2 2
    List<RolloutGroup> groups = List.of(group(item("a", "A"), 0, 1, 1, 2), group(item("b", "A"), 1, 1, 1, 1),
        group(item("c", "B"), 0, 0, 0, 0));
    var grpo = AlgorithmRegistry.defaults().get("grpo");
    DynamicSampling.Result sampled = new DynamicSampling(false, 0, 3).run(
        groups.stream().map(RolloutGroup::item).toList(), (p, r) -> score(groups), n -> List.of());
    assertEquals(List.of(2.0, 1.0, 1.0, 0.0), boxed(sampled.kept().get(0).reward()));
    var rows = GroupMicroBatches.Rows.of(sampled.kept(), G);
    GroupAdvantages adv = GroupAdvantages.of(grpo, G, rows.rewards(), rows.lengths(), rows.truncated(), 5);
    // group a: mean 1, unbiased std sqrt(2/3) = 0.816497, A = +-1 / (0.816497 + 1e-4) = +-1.224592
    float[] expected = {1.224592f, 0, 0, -1.224592f, 0, 0, 0, 0, 0, 0, 0, 0};
    for (int r = 0; r < expected.length; r++) assertEquals(expected[r], adv.advantages()[r], 2e-5, "row " + r);
    assertEquals(2, adv.zeroVarianceGroups());
    assertEquals(1.0, adv.alpha());
    // token mean over 12 completions x 5 tokens: every token weighs 1/60
    for (double w : adv.weights()) assertEquals(1.0 / 60, w, 1e-12);

    Map<String, Object> m = metrics(sampled, adv);
    assertEquals(1, m.get("step"));
    assertEquals(16.0 / 12, (double) m.get("reward_mean"), 1e-12);
    // squared deviations from 4/3: five 2s (4/9 each), six 1s (1/9), one 0 (16/9) = 42/9, / 11
    assertEquals(Math.sqrt(42.0 / 9 / 11), (double) m.get("reward_std"), 1e-12);
    assertEquals((0.25 + 0 + 1) / 3, (double) m.get("reward/accuracy_mean"), 1e-12);
    assertEquals((0.75 + 1 + 1) / 3, (double) m.get("reward/format_mean"), 1e-12);
    assertEquals(2.0 / 3, (double) m.get("zero_variance_fraction"), 1e-12);
    assertEquals(2.0 / 3, (double) m.get("zero_variance_fraction_trained"), 1e-12);
    assertEquals(3, m.get("groups_sampled"));
    // only group b has every member wrong: 1 of 3 overall, 1 of 2 in category A, 0 of 1 in B
    assertEquals(1.0 / 3, (double) m.get("invalid_gradient_ratio"), 1e-12);
    assertEquals(0.5, (double) m.get("invalid_gradient_ratio/A"), 1e-12);
    assertEquals(0.0, (double) m.get("invalid_gradient_ratio/B"), 1e-12);
    assertEquals(5.0, (double) m.get("completion_length_mean"), 1e-12);
  }

  @Test
  void allZeroVarianceGroupsAreResampled() {
    // round 0: both groups all right (zero variance) -> dropped; round 1: two groups with a spread
    List<Integer> asked = new ArrayList<>();
    List<List<RolloutGroup>> rounds = List.of(
        List.of(group(item("a", "A"), 0, 0, 0, 0), group(item("b", "A"), 1, 1, 1, 1)),
        List.of(group(item("c", "A"), 0, 1, 1, 1), group(item("d", "A"), 0, 0, 2, 2)));
    DynamicSampling.Result r = new DynamicSampling(true, 3, 2).run(List.of(item("a", "A"), item("b", "A")),
        (p, round) -> score(rounds.get(round)), n -> {
          asked.add(n);
          return List.of(item("c", "A"), item("d", "A"));
        });
    assertEquals(List.of(2), asked, "both groups were zero-variance: 2 more prompts");
    assertEquals(2, r.rounds());
    assertEquals(List.of("c", "d"), r.kept().stream().map(g -> g.item().id()).toList());
    assertEquals(4, r.sampled().groups());
    assertEquals(0.5, r.sampled().zeroVarianceFraction(), 1e-12);
    assertEquals(List.of("a", "b", "c", "d"), r.observed().stream().map(VqaSample::id).toList());
    // mean accuracy of each observed group: a all right, b all wrong, c 1 of 4, d 2 of 4
    assertEquals(List.of(1.0, 0.0, 0.25, 0.5), boxed(r.observedAccuracy()));

    // never a spread: 1 + 3 rounds, then the batch is completed with the first dropped groups
    DynamicSampling.Result never = new DynamicSampling(true, 3, 2).run(List.of(item("a", "A"), item("b", "A")),
        (p, round) -> score(rounds.get(0)), n -> List.of(item("a", "A"), item("b", "A")));
    assertEquals(4, never.rounds());
    assertEquals(8, never.sampled().groups());
    assertEquals(1.0, never.sampled().zeroVarianceFraction());
    assertEquals(List.of("a", "b"), never.kept().stream().map(g -> g.item().id()).toList());

    // switched off: one round, zero-variance groups kept
    DynamicSampling.Result off = new DynamicSampling(false, 3, 2).run(List.of(item("a", "A"), item("b", "A")),
        (p, round) -> score(rounds.get(round)), n -> {
          throw new AssertionError("no resampling without dynamic sampling");
        });
    assertEquals(1, off.rounds());
    assertEquals(List.of("a", "b"), off.kept().stream().map(g -> g.item().id()).toList());
  }

  @Test
  void gpgAlphaScalesWeightsByGroupsOverValidGroups() {
    var gpg = AlgorithmRegistry.defaults().get("gpg");
    // 4 groups, the last one zero-variance: alpha = 4 / 3; centred advantages r - mean
    float[] rewards = {1, 0, 0, 0, 1, 1, 0, 0, 2, 0, 1, 1, 1, 1, 1, 1};
    int[] lengths = new int[16];
    java.util.Arrays.fill(lengths, 5);
    GroupAdvantages a = GroupAdvantages.of(gpg, G, rewards, lengths, new boolean[16], 5);
    assertEquals(4.0 / 3, a.alpha(), 1e-12);
    assertEquals(1, a.zeroVarianceGroups());
    float[] expected = {0.75f, -0.25f, -0.25f, -0.25f, 0.5f, 0.5f, -0.5f, -0.5f, 1, -1, 0, 0, 0, 0, 0, 0};
    for (int r = 0; r < 16; r++) assertEquals(expected[r], a.advantages()[r], 1e-6, "row " + r);
    // token mean over 80 tokens, times alpha: 1/80 * 4/3 = 1/60
    for (double w : a.weights()) assertEquals(1.0 / 60, w, 1e-12);
    assertEquals(1.0, GroupAdvantages.gpgAlpha(4, 4), "no valid group: nothing to rescale");
  }

  @Test
  void alphaAtLeastOneAndRatiosInUnitInterval() {
    var gpg = AlgorithmRegistry.defaults().get("gpg");
    SplittableRandom rnd = new SplittableRandom(11);
    for (int trial = 0; trial < 50; trial++) {
      int b = 1 + rnd.nextInt(6);
      List<RolloutGroup> groups = new ArrayList<>();
      for (int i = 0; i < b; i++) {
        groups.add(group(item("q" + i, rnd.nextBoolean() ? "A" : "B"), rnd.nextInt(3), rnd.nextInt(3), rnd.nextInt(3),
            rnd.nextInt(3)));
      }
      DynamicSampling.Result s = new DynamicSampling(false, 0, b).run(groups.stream().map(RolloutGroup::item).toList(),
          (p, r) -> score(groups), n -> List.of());
      var rows = GroupMicroBatches.Rows.of(s.kept(), G);
      GroupAdvantages adv = GroupAdvantages.of(gpg, G, rows.rewards(), rows.lengths(), rows.truncated(), 5);
      assertTrue(adv.alpha() >= 1.0, "alpha " + adv.alpha());
      for (var e : metrics(s, adv).entrySet()) {
        if (e.getKey().startsWith("zero_variance_fraction") || e.getKey().startsWith("invalid_gradient_ratio")) {
          double v = (double) e.getValue();
          assertTrue(v >= 0 && v <= 1, e.getKey() + " = " + v);
        }
      }
    }
  }

  private static Map<String, Object> metrics(DynamicSampling.Result s, GroupAdvantages adv) {
    PolicyUpdate.Result u = new PolicyUpdate.Result(new PolicyUpdate.Sums(0.5, 0, 0, 0, 60),
        new Optimization.Outcome(1e-4, 0.1, false));
    return StepMetrics.of(0, s, adv, u, new SchedulerMetrics(1, -1, 0, Double.NaN, Double.NaN, Double.NaN), 0.0, null)
        .toMap();
  }

  private static List<Double> boxed(double[] xs) {
    List<Double> out = new ArrayList<>();
    for (double x : xs) out.add(x);
    return out;
  }
}
