// Picks the next token of one sequence from its last-position logits, in HF generate's order:
// repetition penalty over the distinct ids seen so far (prompt included), then temperature, top-k,
// top-p (smallest set with mass >= p, at least one token), then a draw from the seeded generator.
package org.anatomyr1.rollout;

import java.util.Arrays;
import java.util.SplittableRandom;

public final class TokenSampler {
  private final SamplingSettings settings;
  private final SplittableRandom rng;

  public TokenSampler(SamplingSettings settings, SplittableRandom rng) {
    this.settings = settings;
    this.rng = rng;
  }

  /**
   * @param logits one row [V] (modified in place)
   * @param seen the token ids of the sequence so far (for the repetition penalty); may repeat ids
   */
  public long next(float[] logits, long[] seen, int seenCount) {
    if (settings.repetitionPenalty() != 1.0) {
      boolean[] done = new boolean[logits.length];
      for (int i = 0; i < seenCount; i++) {
        int id = (int) seen[i];
        if (id < 0 || id >= logits.length || done[id]) continue;
        done[id] = true;
        float l = logits[id];
        logits[id] = (float) (l < 0 ? l * settings.repetitionPenalty() : l / settings.repetitionPenalty());
      }
    }
    if (settings.isGreedy()) return argmax(logits);
    int v = logits.length;
    double[] scaled = new double[v];
    for (int i = 0; i < v; i++) scaled[i] = logits[i] / settings.temperature();
    Integer[] order = new Integer[v];
    for (int i = 0; i < v; i++) order[i] = i;
    Arrays.sort(order, (a, b) -> Double.compare(scaled[b], scaled[a])); // descending, stable on ties
    int keep = settings.topK() > 0 ? Math.min(settings.topK(), v) : v;
    double max = scaled[order[0]];
    double[] p = new double[keep];
    double z = 0;
    for (int i = 0; i < keep; i++) {
      p[i] = Math.exp(scaled[order[i]] - max);
      z += p[i];
    }
    // top-p on the renormalised top-k distribution
    double cum = 0;
    int cut = keep;
    for (int i = 0; i < keep; i++) {
      cum += p[i] / z;
      if (cum >= settings.topP()) {
        cut = i + 1;
        break;
      }
    }
    double mass = 0;
    for (int i = 0; i < cut; i++) mass += p[i];
    double u = rng.nextDouble() * mass;
    for (int i = 0; i < cut; i++) {
      u -= p[i];
      if (u < 0) return order[i];
    }
    return order[cut - 1];
  }

  static long argmax(float[] x) {
    int best = 0;
    for (int i = 1; i < x.length; i++) if (x[i] > x[best]) best = i;
    return best;
  }
}
