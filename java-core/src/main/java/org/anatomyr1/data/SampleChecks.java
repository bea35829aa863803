// Text-level checks every reader applies to a candidate item (issue 4 "data validate": answer not
// among options, duplicate options, empty question, fewer than 2 options).
package org.anatomyr1.data;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

public final class SampleChecks {
  private SampleChecks() {}

  /** A failed check: the canonical field it concerns and why. */
  public record Failure(String field, String message) {}

  public static List<Failure> check(VqaSample s) {
    List<Failure> out = new ArrayList<>();
    if (s.id() == null || s.id().isBlank()) out.add(new Failure("id", "empty id"));
    if (s.question() == null || s.question().isBlank()) out.add(new Failure("question", "empty question"));
    List<String> opts = s.options();
    if (opts.size() < 2) {
      out.add(new Failure("options", "fewer than 2 options (" + opts.size() + ")"));
    }
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < opts.size(); i++) {
      String o = opts.get(i);
      if (o == null || o.isBlank()) {
        out.add(new Failure("options", "option " + VqaSample.letter(i) + " is empty"));
      } else if (!seen.add(OptionText.normalise(o))) {
        out.add(new Failure("options", "duplicate option '" + o + "'"));
      }
    }
    if (s.answerIndex() < 0 || s.answerIndex() >= opts.size()) {
      out.add(new Failure("answer_index", "answer index " + s.answerIndex() + " is not among "
          + opts.size() + " options"));
    }
    return out;
  }

  /** Adds one TEXT problem per failure; returns true when the sample passed. */
  public static boolean report(VqaSample s, java.nio.file.Path file, int index, List<Problem> sink) {
    List<Failure> f = check(s);
    for (Failure x : f) sink.add(new Problem(file, index, x.field(), Problem.Kind.TEXT, x.message()));
    return f.isEmpty();
  }
}
