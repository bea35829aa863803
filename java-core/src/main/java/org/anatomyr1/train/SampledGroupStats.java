// Group statistics over every group as first sampled in a step (all resampling rounds, before
// dynamic sampling drops zero-variance groups): the paper's Figure 6 counts all groups, so the
// all-wrong rate must not be measured on the survivors only.
package org.anatomyr1.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

public final class SampledGroupStats {
  private int groups;
  private int zeroVariance;
  private final Map<String, int[]> byCategory = new TreeMap<>(); // category -> {groups, all wrong}
  private final List<Double> difficulties = new ArrayList<>();

  /**
   * One group as sampled: its category (null = "none"), per-member total rewards and accuracy
   * rewards, and the prompt's S(q) (null when unscored).
   */
  public void add(String category, double[] reward, double[] accuracy, Double difficulty) {
    groups++;
    boolean same = true;
    for (double r : reward) if (r != reward[0]) same = false;
    if (same) zeroVariance++;
    int[] c = byCategory.computeIfAbsent(category == null ? "none" : category, k -> new int[2]);
    c[0]++;
    if (Arrays.stream(accuracy).allMatch(x -> x == 0)) c[1]++;
    if (difficulty != null) difficulties.add(difficulty);
  }

  public int groups() {
    return groups;
  }

  /** Share of groups whose members all got the same reward, in [0, 1] (0 when empty). */
  public double zeroVarianceFraction() {
    return groups == 0 ? 0 : (double) zeroVariance / groups;
  }

  /** Per category: share of groups where every member was wrong (no accuracy signal), in [0, 1]. */
  public Map<String, Double> invalidGradientRatio() {
    Map<String, Double> out = new TreeMap<>();
    for (var e : byCategory.entrySet()) out.put(e.getKey(), (double) e.getValue()[1] / e.getValue()[0]);
    return out;
  }

  /** Share of all groups where every member was wrong, in [0, 1]. */
  public double invalidGradientRatioAll() {
    int all = 0;
    int wrong = 0;
    for (int[] c : byCategory.values()) {
      all += c[0];
      wrong += c[1];
    }
    return all == 0 ? 0 : (double) wrong / all;
  }

  /** Mean S(q) of the sampled prompts (NaN when none is scored): Figure 5's curve. */
  public double meanDifficulty() {
    return difficulties.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
  }
}
