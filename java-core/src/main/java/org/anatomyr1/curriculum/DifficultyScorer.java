// ASC difficulty of a multiple-choice item (Anatomy-R1, Anatomical Similarity Curriculum):
// S(q) = max over distractors d of cos(e(correct), e(d)); the closer the nearest distractor is to
// the answer in embedding space, the harder the item.
package org.anatomyr1.curriculum;

import java.util.ArrayList;
import java.util.List;
import org.anatomyr1.data.VqaSample;

public final class DifficultyScorer {
  private final TextEncoder encoder;

  /** Wrap the encoder in {@link CachedTextEncoder} when scoring many items. */
  public DifficultyScorer(TextEncoder encoder) {
    this.encoder = encoder;
  }

  /** S(q) in [-1, 1]; needs at least one distractor. */
  public double score(VqaSample s) {
    if (s.options().size() < 2) {
      throw new IllegalArgumentException("item " + s.id() + ": S(q) needs at least 2 options");
    }
    float[] correct = encoder.embed(s.answer());
    double best = -1;
    for (int i = 0; i < s.options().size(); i++) {
      if (i == s.answerIndex()) continue;
      best = Math.max(best, Vectors.cosine(correct, encoder.embed(s.options().get(i))));
    }
    return best;
  }

  /** Items with {@code difficulty} = S(q) (bins unchanged). */
  public List<VqaSample> scoreAll(List<VqaSample> samples) {
    List<VqaSample> out = new ArrayList<>(samples.size());
    for (VqaSample s : samples) out.add(s.withDifficulty(score(s), s.bin()));
    return out;
  }
}
