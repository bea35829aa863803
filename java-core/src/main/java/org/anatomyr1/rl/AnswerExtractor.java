// Pulls the chosen option out of a completion's <answer>...</answer> tag: a letter ("B", "B.",
// "(B)", "B. Liver") or the option text itself. Several different choices, or no tag, is no answer
// (the format-reward pitfalls of open-r1 #359 and ms-swift #6515).
package org.anatomyr1.rl;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public final class AnswerExtractor {
  private static final Pattern ANSWER_TAG = Pattern.compile("<answer>(.*?)</answer>", Pattern.DOTALL);
  /** A standalone option letter: "B", "B.", "(B)", "B)", "B:" — not the B of "Bile". */
  private static final Pattern LETTER = Pattern.compile("(?<![A-Za-z])\\(?([A-Z])(?:[.):]|(?![A-Za-z]))");

  private AnswerExtractor() {}

  /** The text inside the answer tags when there is exactly one tag pair, else null. */
  public static String answerText(String completion) {
    Matcher m = ANSWER_TAG.matcher(completion);
    if (!m.find()) return null;
    String inside = m.group(1);
    if (m.find()) return null; // two answer tags: ambiguous
    return inside.strip();
  }

  /** The index of the chosen option, or empty when there is no single unambiguous choice. */
  public static OptionalInt choice(String completion, List<String> options) {
    String text = answerText(completion);
    if (text == null || text.isEmpty()) return OptionalInt.empty();
    Set<Integer> chosen = new LinkedHashSet<>();
    // 1. option texts named in full ("Liver", "B. Liver" names both the letter and the text)
    String normalized = normalize(text);
    for (int i = 0; i < options.size(); i++) {
      if (!normalize(options.get(i)).isEmpty() && containsWord(normalized, normalize(options.get(i)))) {
        chosen.add(i);
      }
    }
    // one option's text can contain another's ("Cystic Duct" vs "Duct"): keep the longest
    if (chosen.size() > 1) chosen = keepLongest(chosen, options);
    // 2. standalone letters
    Matcher m = LETTER.matcher(text);
    while (m.find()) {
      int index = m.group(1).charAt(0) - 'A';
      if (index < options.size()) chosen.add(index);
    }
    return chosen.size() == 1 ? OptionalInt.of(chosen.iterator().next()) : OptionalInt.empty();
  }

  private static Set<Integer> keepLongest(Set<Integer> chosen, List<String> options) {
    Set<Integer> kept = new LinkedHashSet<>();
    for (int i : chosen) {
      boolean inside = false;
      for (int j : chosen) {
        if (i != j && normalize(options.get(j)).contains(normalize(options.get(i)))
            && options.get(j).length() > options.get(i).length()) {
          inside = true;
        }
      }
      if (!inside) kept.add(i);
    }
    return kept;
  }

  private static boolean containsWord(String haystack, String needle) {
    return (" " + haystack + " ").contains(" " + needle + " ");
  }

  /** Lower case, punctuation to spaces, single spaces. */
  static String normalize(String s) {
    return s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", " ").strip();
  }
}
