// Hyper-parameters of the fused policy loss (kernels.md section 2), validated when built.
package org.anatomyr1.kernels;

/**
 * Scalars of the fused policy loss.
 *
 * @param variant {@link LossVariant#CLIP} or {@link LossVariant#PLAIN}
 * @param temperature tau > 0: logits are divided by it before the softmax
 * @param epsLow lower clip range, ratio clipped at {@code 1 - epsLow}; in [0, 1]
 * @param epsHigh upper clip range, ratio clipped at {@code 1 + epsHigh}; >= 0 (clip-higher: > epsLow)
 * @param beta weight of the k3 KL penalty against the reference policy; >= 0 (0: no reference needed)
 */
public record PolicyLossConfig(LossVariant variant, float temperature, float epsLow, float epsHigh,
    float beta) {

  /** Validates every field; a wrong value fails here with its name and allowed range. */
  public PolicyLossConfig {
    if (variant == null) {
      throw new IllegalArgumentException("PolicyLossConfig.variant must not be null (one of CLIP, PLAIN)");
    }
    Args.positiveFinite("PolicyLossConfig.temperature", temperature);
    if (!(epsLow >= 0f && epsLow <= 1f)) {
      throw new IllegalArgumentException("PolicyLossConfig.epsLow must be in [0, 1], got " + epsLow);
    }
    if (!(epsHigh >= 0f && Float.isFinite(epsHigh))) {
      throw new IllegalArgumentException("PolicyLossConfig.epsHigh must be finite and >= 0, got " + epsHigh);
    }
    if (!(beta >= 0f && Float.isFinite(beta))) {
      throw new IllegalArgumentException("PolicyLossConfig.beta must be finite and >= 0, got " + beta);
    }
  }

  /** GRPO (DeepSeekMath): clip, tau 1, eps 0.2 / 0.2, beta 0.04. */
  public static PolicyLossConfig grpo() {
    return new PolicyLossConfig(LossVariant.CLIP, 1f, 0.2f, 0.2f, 0.04f);
  }

  /** DAPO: clip-higher eps 0.2 / 0.28, no KL. */
  public static PolicyLossConfig dapo() {
    return new PolicyLossConfig(LossVariant.CLIP, 1f, 0.2f, 0.28f, 0f);
  }

  /** GPG: plain policy gradient {@code -logp A}, no KL (its alpha scale goes into the weights). */
  public static PolicyLossConfig gpg() {
    return new PolicyLossConfig(LossVariant.PLAIN, 1f, 0.2f, 0.2f, 0f);
  }

  /** A copy with another temperature. */
  public PolicyLossConfig withTemperature(float tau) {
    return new PolicyLossConfig(variant, tau, epsLow, epsHigh, beta);
  }

  /** A copy with another KL weight. */
  public PolicyLossConfig withBeta(float newBeta) {
    return new PolicyLossConfig(variant, temperature, epsLow, epsHigh, newBeta);
  }
}
