// Token selection: greedy argmax, repetition penalty on distinct seen ids (both signs), top-k 1 and
// tiny top-p reduce to argmax, seeded draws reproduce and follow the softmax of logits / T.
package org.anatomyr1.rollout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TokenSamplerTest {
  static final long SEED = 99L;

  @Test
  void greedyAndRepetitionPenalty() {
    TokenSampler greedy = new TokenSampler(SamplingSettings.greedy(), new SplittableRandom(SEED));
    assertEquals(2, greedy.next(new float[] {0.1f, -1f, 3f, 2.5f}, new long[0], 0));
    // penalty 2: seen id 2 (positive) halves 3 -> 1.5, so id 3 (2.5) wins; negative logits are multiplied
    TokenSampler pen = new TokenSampler(new SamplingSettings(0, 0, 1, 2.0, SEED), new SplittableRandom(SEED));
    float[] l = {0.1f, -1f, 3f, 2.5f};
    assertEquals(3, pen.next(l, new long[] {2, 2, 1}, 3));
    assertEquals(1.5f, l[2]);
    assertEquals(-2f, l[1]);
  }

  @Test
  void topKOneAndTinyTopPAreArgmax() {
    for (int i = 0; i < 50; i++) {
      float[] l = {0.3f, 1.2f, 1.1f, -4f};
      assertEquals(1, new TokenSampler(new SamplingSettings(1.0, 1, 1, 1, i), new SplittableRandom(i)).next(l, new long[0], 0));
      float[] l2 = {0.3f, 1.2f, 1.1f, -4f};
      assertEquals(1, new TokenSampler(new SamplingSettings(1.0, 0, 0.001, 1, i), new SplittableRandom(i)).next(l2, new long[0], 0));
    }
  }

  @Test
  void drawsFollowTheSoftmax() {
    System.out.println("TokenSamplerTest seed " + SEED);
    float[] logits = {0f, 1f, 2f, -1f};
    double temperature = 2.0;
    TokenSampler s = new TokenSampler(new SamplingSettings(temperature, 0, 1, 1, SEED), new SplittableRandom(SEED));
    int n = 40000;
    int[] counts = new int[4];
    for (int i = 0; i < n; i++) counts[(int) s.next(logits.clone(), new long[0], 0)]++;
    double z = 0;
    for (float l : logits) z += Math.exp(l / temperature);
    for (int k = 0; k < 4; k++) {
      double expected = Math.exp(logits[k] / temperature) / z;
      double got = counts[k] / (double) n;
      assertTrue(Math.abs(got - expected) <= 0.01, "token " + k + ": " + got + " vs " + expected);
    }
    // same seed, same draws
    TokenSampler a = new TokenSampler(new SamplingSettings(1, 0, 0.9, 1, SEED), new SplittableRandom(SEED));
    TokenSampler b = new TokenSampler(new SamplingSettings(1, 0, 0.9, 1, SEED), new SplittableRandom(SEED));
    for (int i = 0; i < 100; i++) assertEquals(a.next(logits.clone(), new long[0], 0), b.next(logits.clone(), new long[0], 0));
  }
}
