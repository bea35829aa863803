// Where TensorKernels.policyLoss writes d loss / d logits.
package org.anatomyr1.kernels;

/** Gradient output of the fused policy loss. */
public enum GradientMode {
  /** Forward only: no gradient is written. */
  NONE,
  /** The gradient overwrites the logits buffer (no [N, V] allocation). */
  IN_PLACE,
  /** The gradient goes to a new buffer with the logits' dtype and row stride. */
  SEPARATE
}
