// GDQA rewrite: shuffle the option order and remap the answer index (the answer text is what
// stays fixed; data_eval.md section 5 pitfall 4: a stored letter goes stale under shuffling).
package org.anatomyr1.gdqa;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.anatomyr1.data.SeededShuffle;
import org.anatomyr1.data.VqaSample;

public final class OptionPermutation implements TextRewriter {
  public static final String NAME = "permute";

  @Override
  public String name() {
    return NAME;
  }

  /** A uniformly random permutation other than the identity (when there are 2+ options). */
  @Override
  public VqaSample rewrite(VqaSample s, SplittableRandom rng) {
    int n = s.options().size();
    if (n < 2) return s;
    int[] p;
    do {
      p = SeededShuffle.permutation(n, rng::nextInt);
    } while (isIdentity(p));
    List<String> opts = new ArrayList<>(n);
    int answer = -1;
    for (int i = 0; i < n; i++) {
      opts.add(s.options().get(p[i])); // new position i shows old option p[i]
      if (p[i] == s.answerIndex()) answer = i;
    }
    return s.withOptions(opts, answer);
  }

  private static boolean isIdentity(int[] p) {
    for (int i = 0; i < p.length; i++) if (p[i] != i) return false;
    return true;
  }

  @Override
  public boolean keepsMeaning(String before, String after) {
    return before.equals(after);
  }
}
