// Per-item choices of the text-only baseline (the leave-one-out answer prior of
// data.AnswerPriorBaseline, whose overall accuracy it reproduces): the prior always comes from the
// whole evaluated set, so per-category rows are not inflated by a category that names its answer.
package org.anatomyr1.eval;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.anatomyr1.data.OptionText;
import org.anatomyr1.data.VqaSample;

public final class TextOnlyBaseline {
  private TextOnlyBaseline() {}

  /** For each item the option whose text was most often correct among the other items (ties: earliest). */
  public static int[] choices(List<VqaSample> items) {
    Map<String, Integer> counts = new HashMap<>();
    for (VqaSample s : items) counts.merge(OptionText.normalise(s.answer()), 1, Integer::sum);
    int[] out = new int[items.size()];
    for (int n = 0; n < items.size(); n++) {
      VqaSample s = items.get(n);
      String own = OptionText.normalise(s.answer());
      int best = -1;
      int bestCount = -1;
      for (int i = 0; i < s.options().size(); i++) {
        String o = OptionText.normalise(s.options().get(i));
        int c = counts.getOrDefault(o, 0) - (o.equals(own) ? 1 : 0); // leave the item itself out
        if (c > bestCount) {
          bestCount = c;
          best = i;
        }
      }
      out[n] = best;
    }
    return out;
  }
}
