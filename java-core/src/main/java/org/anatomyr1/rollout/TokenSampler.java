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
    if (settings.repetitionPenalty() != 1.0) penalizeRepeats(logits, seen, seenCount);
    if (settings.isGreedy()) return argmax(logits);
    double invT = 1.0 / settings.temperature();
    if (settings.topK() == 0 && settings.topP() >= 1.0) return sampleFull(logits, invT);
    return sampleTopKTopP(logits, invT);
  }

  /** HF's repetition penalty, once per distinct id seen: negative logits times p, positive ones divided by p. */
  private void penalizeRepeats(float[] logits, long[] seen, int seenCount) {
    boolean[] done = new boolean[logits.length];
    for (int i = 0; i < seenCount; i++) {
      int id = (int) seen[i];
      if (id < 0 || id >= logits.length || done[id]) continue;
      done[id] = true;
      float l = logits[id];
      logits[id] = (float) (l < 0 ? l * settings.repetitionPenalty() : l / settings.repetitionPenalty());
    }
  }

  /** Plain softmax sampling at temperature 1 / invT: no ordering needed, O(V). */
  private long sampleFull(float[] logits, double invT) {
    int v = logits.length;
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

  /** Top-k, then top-p on the renormalised top-k distribution, then a draw from what is left. */
  private long sampleTopKTopP(float[] logits, double invT) {
    int v = logits.length;
    int keep = settings.topK() > 0 ? Math.min(settings.topK(), v) : v;
    int[] order = descendingOrder(logits, keep);
    double max = logits[order[0]] * invT;
    double[] p = new double[keep];
    double z = 0;
    for (int i = 0; i < keep; i++) z += (p[i] = Math.exp(logits[order[i]] * invT - max));
    int cut = topPCut(p, z);
    double mass = 0;
    for (int i = 0; i < cut; i++) mass += p[i];
    double u = rng.nextDouble() * mass;
    for (int i = 0; i < cut; i++) {
      u -= p[i];
      if (u < 0) return order[i];
    }
    return order[cut - 1];
  }

  /**
   * The ids of the {@code keep} largest logits, descending: packs (order-preserving float bits,
   * ~index) into longs and sorts primitives (no boxing over a 150k vocabulary); ties keep the lower id first.
   */
  private static int[] descendingOrder(float[] logits, int keep) {
    int v = logits.length;
    long[] keys = new long[v];
    for (int i = 0; i < v; i++) {
      int bits = Float.floatToIntBits(logits[i]);
      int sortable = bits ^ ((bits >> 31) & 0x7fffffff); // monotone in the float value
      keys[i] = ((long) sortable << 32) | (0xffffffffL & ~i);
    }
    Arrays.sort(keys);
    int[] order = new int[keep];
    for (int k = 0; k < keep; k++) order[k] = ~(int) keys[v - 1 - k];
    return order;
  }

  /** Size of the smallest prefix of the (unnormalised, total z) weights p with mass >= top_p. */
  private int topPCut(double[] p, double z) {
    double cum = 0;
    for (int i = 0; i < p.length; i++) {
      cum += p[i] / z;
      if (cum >= settings.topP()) return i + 1;
    }
    return p.length;
  }

  static long argmax(float[] x) {
    int best = 0;
    for (int i = 1; i < x.length; i++) if (x[i] > x[best]) best = i;
    return best;
  }
}
