// Global L2 norm of a set of gradients and clipping to a maximum norm (torch clip_grad_norm_).
package org.anatomyr1.train;

import java.util.Map;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch.ScalarType;

public final class GradientNorm {
  private GradientNorm() {}

  /** sqrt(sum of squares) over all gradients, in double; NaN/Inf when any entry is non-finite. */
  @SuppressWarnings("try")
  public static double of(Map<String, Tensor> grads) {
    double sq = 0;
    try (NoGradGuard ng = new NoGradGuard()) {
      for (Tensor g : grads.values()) {
        double n = g.to(ScalarType.Float).norm().item_double();
        sq += n * n;
      }
    }
    return Math.sqrt(sq);
  }

  /** Scales every gradient by min(1, max / (norm + 1e-6)); {@code max} 0 disables clipping. */
  @SuppressWarnings("try")
  public static void clip(Map<String, Tensor> grads, double norm, double max) {
    if (max <= 0 || norm <= max) return;
    double scale = max / (norm + 1e-6);
    try (NoGradGuard ng = new NoGradGuard()) {
      for (Tensor g : grads.values()) g.mul_(new Scalar(scale));
    }
  }
}
