// Output buffers of the fused policy loss; every one is optional (NULL = not written).
package org.anatomyr1.kernels;

import java.lang.foreign.MemorySegment;

/**
 * Output buffers. Per-row outputs are {@code [n]}; the gradient is {@code [n, v]} with the
 * logits' dtype and row stride, and is the logits segment itself for an in-place update.
 *
 * @param gradient d loss / d logits; null = forward only; {@code == logits.data()} = in place
 * @param logp f32 log-prob of each target
 * @param loss f32 per-token loss_t (unweighted; the caller reduces sum w m loss_t)
 * @param kl f32 k3 KL per token (0 when beta == 0)
 * @param ratio f32 importance ratio exp(logp - old)
 * @param clipped uint8, 1 where the clip is active
 */
public record PolicyLossOutputs(MemorySegment gradient, MemorySegment logp, MemorySegment loss,
    MemorySegment kl, MemorySegment ratio, MemorySegment clipped) {

  /** Nothing written (validates arguments and runs nothing useful); start here and add. */
  public static PolicyLossOutputs none() {
    return new PolicyLossOutputs(null, null, null, null, null, null);
  }

  /** A copy writing the gradient there ({@code logits.data()} for in place). */
  public PolicyLossOutputs withGradient(MemorySegment s) {
    return new PolicyLossOutputs(s, logp, loss, kl, ratio, clipped);
  }

  /** A copy writing the per-row log-probs. */
  public PolicyLossOutputs withLogp(MemorySegment s) {
    return new PolicyLossOutputs(gradient, s, loss, kl, ratio, clipped);
  }

  /** A copy writing the per-row loss. */
  public PolicyLossOutputs withLoss(MemorySegment s) {
    return new PolicyLossOutputs(gradient, logp, s, kl, ratio, clipped);
  }

  /** A copy writing the per-row KL. */
  public PolicyLossOutputs withKl(MemorySegment s) {
    return new PolicyLossOutputs(gradient, logp, loss, s, ratio, clipped);
  }

  /** A copy writing the per-row ratio. */
  public PolicyLossOutputs withRatio(MemorySegment s) {
    return new PolicyLossOutputs(gradient, logp, loss, kl, s, clipped);
  }

  /** A copy writing the per-row clip flags. */
  public PolicyLossOutputs withClipped(MemorySegment s) {
    return new PolicyLossOutputs(gradient, logp, loss, kl, ratio, s);
  }
}
