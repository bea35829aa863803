// Tolerances of the trainer tests in one place: |x - ref| <= atol * scale + rtol * |ref|.
package org.anatomyr1.train;

final class Tolerances {
  private Tolerances() {}

  /** fp32 gradients through two summation orders (chunked kernel vs LibTorch autograd), relative to max |grad|. */
  static final double GRAD_ATOL = 1e-4;
  static final double GRAD_RTOL = 1e-3;
  /** Whole-step scalars compared with double-precision Java. */
  static final double LOSS_ATOL = 1e-6;
  static final double LOSS_RTOL = 1e-4;
}
