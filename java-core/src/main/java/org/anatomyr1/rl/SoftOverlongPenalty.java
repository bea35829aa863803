// DAPO's soft overlong punishment: 0 up to (max - buffer) tokens, then falling linearly to -1 at
// the maximum completion length (ms-swift ORM `soft_overlong`: min(-(L - (Lmax - Lc)) / Lc, 0)).
package org.anatomyr1.rl;

public final class SoftOverlongPenalty implements RewardFunction {
  private final int maxCompletionTokens;
  private final int bufferTokens;

  public SoftOverlongPenalty(int maxCompletionTokens, int bufferTokens) {
    if (maxCompletionTokens < 1) {
      throw new IllegalArgumentException("maxCompletionTokens must be >= 1, got " + maxCompletionTokens);
    }
    if (bufferTokens < 1 || bufferTokens > maxCompletionTokens) {
      throw new IllegalArgumentException("bufferTokens must be in [1, " + maxCompletionTokens + "], got "
          + bufferTokens);
    }
    this.maxCompletionTokens = maxCompletionTokens;
    this.bufferTokens = bufferTokens;
  }

  @Override
  public String name() {
    return "soft_overlong";
  }

  @Override
  public double score(RewardInput input) {
    int expected = maxCompletionTokens - bufferTokens;
    double penalty = -(double) (input.completionTokens() - expected) / bufferTokens;
    return Math.max(-1.0, Math.min(0.0, penalty));
  }
}
