// Decoding settings of a rollout (HF generate semantics, spec §6.5): temperature 0 means greedy
// argmax; otherwise repetition penalty, temperature, top-k, top-p, then a seeded draw.
package org.anatomyr1.rollout;

public record SamplingSettings(double temperature, int topK, double topP, double repetitionPenalty, long seed) {
  public SamplingSettings {
    if (!(temperature >= 0) || Double.isInfinite(temperature)) {
      throw new IllegalArgumentException("temperature must be >= 0 (0 = greedy), got " + temperature);
    }
    if (topK < 0) throw new IllegalArgumentException("top_k must be >= 0 (0 = off), got " + topK);
    if (!(topP > 0 && topP <= 1)) throw new IllegalArgumentException("top_p must lie in (0, 1], got " + topP);
    if (!(repetitionPenalty > 0)) {
      throw new IllegalArgumentException("repetition_penalty must be > 0 (1 = off), got " + repetitionPenalty);
    }
  }

  public static SamplingSettings greedy() {
    return new SamplingSettings(0, 0, 1, 1, 0);
  }

  public boolean isGreedy() {
    return temperature == 0;
  }
}
