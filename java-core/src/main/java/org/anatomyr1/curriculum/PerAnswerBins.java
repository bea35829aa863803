// Difficulty bins cut within each answer: K quantile bins of S(q) per correct-option text, so every
// bin holds every answer class in its share. Why: S(q) = max cos(correct option, distractor) depends
// mostly on WHICH class is the answer (a class whose name resembles no other is always "easy"), so
// global quantile bins give each curriculum stage its own classes (demo data, 1200 items: the hardest
// bin had no Omentum and no Gut item) and a stage trained on one bin forgets the others' classes.
// Opt-in (`curriculum.binning=per_answer`); the paper's global quantiles stay the default.
package org.anatomyr1.curriculum;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.anatomyr1.data.VqaSample;

public final class PerAnswerBins {
  private PerAnswerBins() {}

  /**
   * The items with {@code bin} set by the quantiles of S(q) among the items with the same answer text
   * (case-insensitive), tie-aware as {@link DifficultyBins#quantiles} so that no bin of a class is
   * empty. S(q) ties a lot within a class (it is the similarity to the closest distractor, often the
   * same class), so plain rank quantiles left the last bin empty. A class with fewer than K distinct
   * values spreads them evenly over bins 0..K-1 (lowest in 0, highest in K-1).
   */
  public static List<VqaSample> assign(List<VqaSample> samples, int k) {
    if (k < 1) throw new IllegalArgumentException("bins must be >= 1, got " + k);
    Map<String, List<Integer>> byAnswer = new LinkedHashMap<>();
    for (int i = 0; i < samples.size(); i++) {
      VqaSample s = samples.get(i);
      if (s.difficulty() == null) throw new IllegalArgumentException("item " + s.id() + " has no difficulty");
      byAnswer.computeIfAbsent(s.answer().strip().toLowerCase(Locale.ROOT), a -> new ArrayList<>()).add(i);
    }
    int[] bins = new int[samples.size()];
    for (List<Integer> members : byAnswer.values()) {
      double[] scores = members.stream().mapToDouble(i -> samples.get(i).difficulty()).toArray();
      double[] distinct = Arrays.stream(scores).distinct().sorted().toArray();
      if (distinct.length >= k) {
        DifficultyBins classBins = DifficultyBins.quantiles(scores, k);
        for (int m = 0; m < members.size(); m++) bins[members.get(m)] = classBins.bin(scores[m]);
      } else {
        for (int m = 0; m < members.size(); m++) {
          int r = Arrays.binarySearch(distinct, scores[m]);
          bins[members.get(m)] = distinct.length == 1 ? 0 : (int) Math.round(r * (k - 1.0) / (distinct.length - 1));
        }
      }
    }
    List<VqaSample> out = new ArrayList<>(samples.size());
    for (int i = 0; i < samples.size(); i++) out.add(samples.get(i).withDifficulty(samples.get(i).difficulty(), bins[i]));
    return out;
  }
}
