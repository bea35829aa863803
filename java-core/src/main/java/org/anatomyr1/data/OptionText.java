// Lenient comparison of option/answer texts: OmniMedVQA's gt_answer carries trailing periods and
// odd casing ("Chest region." vs "Chest region"), SSG-VQA writes classes as "abdominal_wall_cavity".
package org.anatomyr1.data;

import java.util.List;
import java.util.Locale;

public final class OptionText {
  private OptionText() {}

  /** Lower case, '_' as space, collapsed whitespace, trailing periods and spaces removed. */
  public static String normalise(String s) {
    String t = s.replace('_', ' ').strip().toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
    while (t.endsWith(".")) t = t.substring(0, t.length() - 1).strip();
    return t;
  }

  /** Index of the option equal to {@code answer} after normalisation; -1 when none or several. */
  /**
   * Why {@code answer} matched no single option: "duplicate option ..." when it matches several (the
   * options repeat), else null (it matches none).
   */
  public static String duplicateReason(List<String> options, String answer) {
    String want = normalise(answer);
    StringBuilder letters = new StringBuilder();
    int n = 0;
    for (int i = 0; i < options.size(); i++) {
      if (normalise(options.get(i)).equals(want)) {
        if (n++ > 0) letters.append(" and ");
        letters.append(VqaSample.letter(i));
      }
    }
    return n > 1 ? "duplicate option '" + answer + "' (options " + letters + " are the same; the answer is ambiguous)" : null;
  }

  public static int match(List<String> options, String answer) {
    String want = normalise(answer);
    int found = -1;
    for (int i = 0; i < options.size(); i++) {
      if (normalise(options.get(i)).equals(want)) {
        if (found >= 0) return -1;
        found = i;
      }
    }
    return found;
  }
}
