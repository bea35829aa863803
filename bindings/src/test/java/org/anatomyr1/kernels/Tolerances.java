// The one place for test tolerances: |x - ref| <= atol + rtol * |ref| (kernels.md "Rules").
package org.anatomyr1.kernels;

import static org.junit.jupiter.api.Assertions.fail;

final class Tolerances {
  /** fp32 outputs vs the double reference (kernels.md). */
  static final double FP32_RTOL = 1e-5;
  static final double FP32_ATOL = 1e-6;
  /**
   * bf16 gradient outputs: the kernel rounds an fp32 value to bf16 (RNE, <= 2^-9 relative), and an
   * fp32 error can push it across a rounding boundary: allow two bf16 ulps (2^-7 relative).
   */
  static final double BF16_RTOL = 0x1p-7;
  static final double BF16_ATOL = 1e-6;
  /** Noise: both sides do Box-Muller in double and round to float (kernels.h), so ~1 fp32 ulp. */
  static final double NOISE_ATOL = 1e-6;
  /** Group advantages: CPU twin may accumulate in double; fp32 output rounding only. */
  static final double ADV_RTOL = 1e-5;
  static final double ADV_ATOL = 1e-6;

  private Tolerances() {}

  /**
   * Absolute slack of a log-domain fp32 value (logp, lse) in a row whose scaled logits or LSE reach
   * magnitude {@code scale}: z / tau, the LSE and z_y - LSE each round once at that magnitude in
   * fp32, which no fp32 kernel can avoid (matters for the +-1e4 rows; ~1e-6 for ordinary rows).
   */
  static double logDomainSlack(double scale) {
    return 4.0 * Math.ulp((float) Math.max(1.0, Math.abs(scale)));
  }

  static boolean close(double x, double ref, double rtol, double atol) {
    if (Double.isNaN(ref) || Double.isInfinite(ref)) {
      return Double.compare(x, ref) == 0;
    }
    return Math.abs(x - ref) <= atol + rtol * Math.abs(ref);
  }

  /** Fails with the first mismatches, the worst error and the seed. */
  static void assertClose(String what, long seed, float[] got, double[] ref, double rtol,
      double atol) {
    assertClose(what, seed, got, ref, rtol, atol, null);
  }

  /** As above with an extra per-element absolute allowance (may be null). */
  static void assertClose(String what, long seed, float[] got, double[] ref, double rtol,
      double atol, double[] extraAtol) {
    if (got.length != ref.length) {
      fail(what + ": length " + got.length + " != " + ref.length + " (seed " + seed + ")");
    }
    StringBuilder bad = new StringBuilder();
    int count = 0;
    for (int i = 0; i < got.length; i++) {
      double a = atol + (extraAtol == null ? 0 : extraAtol[i]);
      if (!close(got[i], ref[i], rtol, a)) {
        if (count < 5) {
          bad.append(String.format("%n  [%d] got %.9g ref %.9g |diff| %.3g > %.3g", i, got[i], ref[i],
              Math.abs(got[i] - ref[i]), a + rtol * Math.abs(ref[i])));
        }
        count++;
      }
    }
    if (count > 0) {
      fail(what + ": " + count + " of " + got.length + " elements out of tolerance (rtol " + rtol
          + ", atol " + atol + "), seed " + seed + bad);
    }
  }
}
