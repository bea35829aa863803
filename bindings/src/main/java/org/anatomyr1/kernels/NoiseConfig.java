// Settings of the Gaussian image-noise kernel (kernels.md section 4), validated when built.
package org.anatomyr1.kernels;

/**
 * Gaussian image noise: {@code y = x + sigma e} or, with a NoisyRollout step t >= 0,
 * {@code y = sqrt(abar_t) x + sqrt(1 - abar_t) e}.
 *
 * @param sigma noise std in [0, 1] image units (used when {@code noiseStep < 0}); finite, >= 0
 * @param noiseStep NoisyRollout diffusion step (>= 0, capped at 999 by the kernel) or -1 for sigma mode
 * @param clamp clamp the result to [0, 1] (always done for uint8 output)
 */
public record NoiseConfig(float sigma, int noiseStep, boolean clamp) {

  /** Validates every field; every negative step is normalised to -1 (sigma mode). */
  public NoiseConfig {
    if (!(sigma >= 0f && Float.isFinite(sigma))) {
      throw new IllegalArgumentException("NoiseConfig.sigma must be finite and >= 0, got " + sigma);
    }
    if (noiseStep < 0) {
      noiseStep = -1;
    }
  }

  /** {@code y = clamp01(x + sigma e)}. */
  public static NoiseConfig sigma(float sigma) {
    return new NoiseConfig(sigma, -1, true);
  }

  /** NoisyRollout step t: {@code y = clamp01(sqrt(abar_t) x + sqrt(1 - abar_t) e)}. */
  public static NoiseConfig noisyRolloutStep(int t) {
    if (t < 0) {
      throw new IllegalArgumentException("NoiseConfig.noiseStep must be >= 0 for NoisyRollout, got " + t);
    }
    return new NoiseConfig(0f, t, true);
  }

  /** A copy with clamping switched on or off. */
  public NoiseConfig withClamp(boolean on) {
    return new NoiseConfig(sigma, noiseStep, on);
  }
}
