// Result of TensorKernels.tokenLogprobs: fp32 tensors on the logits' device.
package org.anatomyr1.kernels;

import org.bytedeco.pytorch.Tensor;

/**
 * Token log-probs of a logits batch.
 *
 * @param logp // [N] f32 log-prob of each target
 * @param lse // [N] f32 log-sum-exp of logits / temperature
 * @param entropy // [N] f32 entropy of softmax(logits / temperature), or null when not asked for
 */
public record TokenLogprobs(Tensor logp, Tensor lse, Tensor entropy) {}
