// Result of TensorKernels.groupAdvantages.
package org.anatomyr1.kernels;

import org.bytedeco.pytorch.Tensor;

/**
 * Group advantages (tensors on the rewards' device).
 *
 * @param advantages f32, same shape as the rewards // [B * G]
 * @param groupMean // [B] f32
 * @param groupStd // [B] f32 (unbiased or biased as configured)
 * @param zeroVariance // [B] uint8, 1 when all rewards of the group are equal (or G == 1)
 */
public record GroupAdvantagesResult(Tensor advantages, Tensor groupMean, Tensor groupStd,
    Tensor zeroVariance) {}
