// The answer prior taken from the training split: for each evaluated item pick the option whose
// text was most often the correct answer among the training items (ties: the earliest option,
// deterministic). What a text-only class prior earns without ever looking at the evaluated labels.
package org.anatomyr1.eval;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.anatomyr1.data.OptionText;
import org.anatomyr1.data.VqaSample;

public final class TrainPriorBaseline {
  private TrainPriorBaseline() {}

  /** Accuracy in [0, 1] on {@code evaluated} of the prior counted on {@code train}; 0 when empty. */
  public static double accuracy(List<VqaSample> train, List<VqaSample> evaluated) {
    if (evaluated.isEmpty()) return 0;
    Map<String, Integer> counts = new HashMap<>();
    for (VqaSample s : train) counts.merge(OptionText.normalise(s.answer()), 1, Integer::sum);
    int correct = 0;
    for (VqaSample s : evaluated) {
      int best = 0;
      int bestCount = -1;
      for (int i = 0; i < s.options().size(); i++) {
        int c = counts.getOrDefault(OptionText.normalise(s.options().get(i)), 0);
        if (c > bestCount) {
          bestCount = c;
          best = i;
        }
      }
      if (best == s.answerIndex()) correct++;
    }
    return correct / (double) evaluated.size();
  }
}
