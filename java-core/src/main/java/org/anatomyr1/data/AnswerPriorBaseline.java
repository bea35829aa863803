// Text-only baseline reported by `data validate`: for each item pick the option whose text was
// most often the correct answer among the OTHER items of the file (leave-one-out, so an item never
// votes for itself). Shows how much a class prior alone earns (data_eval.md section 6: 0.32-0.34).
package org.anatomyr1.data;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

public final class AnswerPriorBaseline {
  private AnswerPriorBaseline() {}

  public static final String DESCRIPTION =
      "answer prior (leave-one-out): pick the option most often correct in the rest of the file";

  /** Accuracy in [0, 1]; ties go to the earliest option (deterministic); 0 for an empty list. */
  public static double accuracy(List<VqaSample> samples) {
    if (samples.isEmpty()) return 0;
    Map<String, Integer> counts = new HashMap<>();
    for (VqaSample s : samples) counts.merge(OptionText.normalise(s.answer()), 1, Integer::sum);
    int correct = 0;
    for (VqaSample s : samples) {
      String own = OptionText.normalise(s.answer());
      int best = -1;
      int bestCount = -1;
      for (int i = 0; i < s.options().size(); i++) {
        String o = OptionText.normalise(s.options().get(i));
        int c = counts.getOrDefault(o, 0) - (o.equals(own) ? 1 : 0);
        if (c > bestCount) {
          bestCount = c;
          best = i;
        }
      }
      if (best == s.answerIndex()) correct++;
    }
    return correct / (double) samples.size();
  }

  /** Expected accuracy of uniform guessing: mean of 1 / (number of options). */
  public static double chance(List<VqaSample> samples) {
    if (samples.isEmpty()) return 0;
    double sum = 0;
    for (VqaSample s : samples) sum += 1.0 / s.options().size();
    return sum / samples.size();
  }
}
