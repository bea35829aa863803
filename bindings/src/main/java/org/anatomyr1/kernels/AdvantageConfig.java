// Settings of the group-advantage kernel (kernels.md section 3), validated when built.
package org.anatomyr1.kernels;

/**
 * How group rewards are normalised.
 *
 * @param mode {@link AdvantageMode#STD} or {@link AdvantageMode#CENTER}
 * @param unbiased std divides by G - 1 (TRL / ms-swift / verl) instead of G
 * @param eps added to the std in STD mode; finite, >= 0
 */
public record AdvantageConfig(AdvantageMode mode, boolean unbiased, float eps) {

  /** Validates every field. */
  public AdvantageConfig {
    if (mode == null) {
      throw new IllegalArgumentException("AdvantageConfig.mode must not be null (one of STD, CENTER)");
    }
    if (!(eps >= 0f && Float.isFinite(eps))) {
      throw new IllegalArgumentException("AdvantageConfig.eps must be finite and >= 0, got " + eps);
    }
  }

  /** GRPO: (r - mean) / (unbiased std + 1e-4). */
  public static AdvantageConfig grpo() {
    return new AdvantageConfig(AdvantageMode.STD, true, 1e-4f);
  }

  /** Dr.GRPO: r - mean. */
  public static AdvantageConfig center() {
    return new AdvantageConfig(AdvantageMode.CENTER, true, 1e-4f);
  }
}
