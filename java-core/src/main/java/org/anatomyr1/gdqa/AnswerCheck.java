// The GDQA invariant, checked on every rewrite: same option set, the same answer text at the
// (possibly remapped) answer index, and the rewriter's own meaning check on the question.
package org.anatomyr1.gdqa;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.anatomyr1.data.VqaSample;

public final class AnswerCheck {
  private AnswerCheck() {}

  /** Null when the rewrite is sound, else the reason. */
  public static String violation(VqaSample before, VqaSample after, TextRewriter by) {
    if (after.answerIndex() < 0 || after.answerIndex() >= after.options().size()) {
      return "answer index " + after.answerIndex() + " out of range";
    }
    if (!before.answer().equals(after.answer())) {
      return "answer text changed: '" + before.answer() + "' -> '" + after.answer() + "'";
    }
    List<String> a = new ArrayList<>(before.options());
    List<String> b = new ArrayList<>(after.options());
    Collections.sort(a);
    Collections.sort(b);
    if (!a.equals(b)) return "option set changed: " + before.options() + " -> " + after.options();
    if (by != null && !by.keepsMeaning(before.question(), after.question())) {
      return by.name() + " changed the question's content: '" + before.question() + "' -> '" + after.question() + "'";
    }
    return null;
  }

  /** Throws naming the item when the rewrite broke the invariant (a rewriter bug, never data). */
  public static VqaSample require(VqaSample before, VqaSample after, TextRewriter by) {
    String v = violation(before, after, by);
    if (v != null) throw new IllegalStateException("GDQA rewrite of item " + before.id() + " rejected: " + v);
    return after;
  }
}
