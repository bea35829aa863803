// Result of TensorKernels.policyLoss: the reduced loss, per-token diagnostics and the gradient.
package org.anatomyr1.kernels;

import org.bytedeco.pytorch.Tensor;

/**
 * Fused policy loss outputs (tensors on the logits' device).
 *
 * @param loss // [] f32 scalar sum_t w_t m_t loss_t
 * @param logp // [N] f32
 * @param lossPerToken // [N] f32 unweighted loss_t
 * @param kl // [N] f32 k3 KL (0 when beta == 0)
 * @param ratio // [N] f32 exp(logp - old)
 * @param clipped // [N] uint8, 1 where the clip is active
 * @param gradient // [N, V] d loss / d logits (the logits tensor itself when in place), or null
 */
public record PolicyLossResult(Tensor loss, Tensor logp, Tensor lossPerToken, Tensor kl, Tensor ratio,
    Tensor clipped, Tensor gradient) {}
