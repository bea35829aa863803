// Java reference of the image-noise kernel: Philox4x32-10, Box-Muller and the NoisyRollout
// schedule exactly as native/include/ar1/kernels.h defines them.
package org.anatomyr1.kernels;

final class ReferenceNoise {
  private static final long M0 = 0xD2511F53L;
  private static final long M1 = 0xCD9E8D57L;
  private static final int W0 = 0x9E3779B9;
  private static final int W1 = 0xBB67AE85;

  private ReferenceNoise() {}

  /** Philox4x32-10 of a full 128-bit counter and 64-bit key (Salmon et al. 2011). */
  static int[] philox(int c0, int c1, int c2, int c3, int k0, int k1) {
    for (int round = 0; round < 10; round++) {
      long p0 = M0 * (c0 & 0xFFFFFFFFL);
      long p1 = M1 * (c2 & 0xFFFFFFFFL);
      int n0 = (int) (p1 >>> 32) ^ c1 ^ k0;
      int n1 = (int) p1;
      int n2 = (int) (p0 >>> 32) ^ c3 ^ k1;
      int n3 = (int) p0;
      c0 = n0;
      c1 = n1;
      c2 = n2;
      c3 = n3;
      k0 += W0;
      k1 += W1;
    }
    return new int[] {c0, c1, c2, c3};
  }

  /** The standard normal e for global element index i (kernels.h), as the float both twins use. */
  static float gaussian(long seed, long i) {
    long block = Long.divideUnsigned(i, 4);
    int[] x = philox((int) block, (int) (block >>> 32), 0, 0, (int) seed, (int) (seed >>> 32));
    int lane = (int) Long.remainderUnsigned(i, 4);
    int pair = lane / 2;
    float u0 = uniform(x[2 * pair]);
    float u1 = uniform(x[2 * pair + 1]);
    double radius = Math.sqrt(-2.0 * Math.log(u0));
    double angle = 2.0 * Math.PI * u1;
    return (float) (lane % 2 == 0 ? radius * Math.cos(angle) : radius * Math.sin(angle));
  }

  static float uniform(int bits) {
    return (float) (((bits & 0xFFFFFFFFL) + 0.5) * 0x1p-32);
  }

  /** abar_t of the NoisyRollout schedule, t capped at 999. */
  static double alphaBar(int step) {
    int t = Math.min(step, 999);
    double abar = 1;
    for (int k = 0; k <= t; k++) {
      double s = 1.0 / (1.0 + Math.exp(-(-6.0 + 12.0 * k / 999.0)));
      abar *= 1 - (s * (5e-3 - 1e-5) + 1e-5);
    }
    return abar;
  }

  /** y for one element before any u8 quantisation. */
  static double noisy(double x, NoiseConfig cfg, long seed, long index) {
    double e = gaussian(seed, index);
    double y;
    if (cfg.noiseStep() >= 0) {
      double abar = alphaBar(cfg.noiseStep());
      y = Math.sqrt(abar) * x + Math.sqrt(1 - abar) * e;
    } else {
      y = x + cfg.sigma() * e;
    }
    return cfg.clamp() ? Math.min(1, Math.max(0, y)) : y;
  }
}
