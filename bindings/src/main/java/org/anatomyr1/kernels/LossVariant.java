// Policy-loss variants of the fused kernel, mirroring enum ar1_loss_variant in kernels.h.
package org.anatomyr1.kernels;

/** Policy loss variant ({@code ar1_loss_variant}). */
public enum LossVariant {
  /** GRPO / DAPO / Dr.GRPO: {@code -min(r A, clip(r, 1-eps_low, 1+eps_high) A) + beta k3}. */
  CLIP(0),
  /** GPG: {@code -logp A + beta k3}. */
  PLAIN(1);

  private final int code;

  LossVariant(int code) {
    this.code = code;
  }

  /** The {@code ar1_loss_variant} value passed to the native call. */
  public int code() {
    return code;
  }
}
