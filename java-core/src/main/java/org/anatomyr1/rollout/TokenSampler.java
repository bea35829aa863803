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
    double invT = 1.0 / settings.temperature();
    if (settings.topK() == 0 && settings.topP() >= 1.0) {
      // plain softmax sampling: no ordering needed, O(V)
      double max = Double.NEGATIVE_INFINITY;
      for (float l : logits) max = Math.max(max, l * invT);
      double[] p = new double[v];
      double z = 0;
      for (int i = 0; i < v; i++) z += (p[i] = Math.exp(logits[i] * invT - max));
      double u = rng.nextDouble() * z;
      for (int i = 0; i < v; i++) {
        u -= p[i];
        if (u < 0) return i;
      }
      return argmax(logits);
    }
    // order by logit, descending: pack (order-preserving float bits, ~index) into longs and sort
    // primitives (no boxing over a 150k vocabulary); ties keep the lower id first
    long[] keys = new long[v];
    for (int i = 0; i < v; i++) {
      int bits = Float.floatToIntBits(logits[i]);
      int sortable = bits ^ ((bits >> 31) & 0x7fffffff); // monotone in the float value
      keys[i] = ((long) sortable << 32) | (0xffffffffL & ~i);
    }
    Arrays.sort(keys);
    int keep = settings.topK() > 0 ? Math.min(settings.topK(), v) : v;
    int[] order = new int[keep];
    for (int k = 0; k < keep; k++) order[k] = ~(int) keys[v - 1 - k];
    double max = logits[order[0]] * invT;
    double[] p = new double[keep];
    double z = 0;
    for (int i = 0; i < keep; i++) z += (p[i] = Math.exp(logits[order[i]] * invT - max));
    // top-p on the renormalised top-k distribution: smallest prefix with mass >= top_p
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
