// Per-token inputs of the fused policy loss besides the logits: targets, old / reference
// log-probs, advantages, mask and aggregation weights (kernels.md section 2).
package org.anatomyr1.kernels;

import java.lang.foreign.MemorySegment;

/**
 * Per-token inputs, each {@code [n]}.
 *
 * @param targets int64 token ids in [0, v)
 * @param oldLogp f32 behaviour-policy log-probs; null = on-policy (ratio 1)
 * @param refLogp f32 reference log-probs; may be null only when beta == 0
 * @param advantages f32 advantage per token
 * @param mask f32 mask (0 = padding, zero gradient); null = all ones
 * @param weights f32 aggregation weights w_t; null = all ones
 */
public record PolicyLossInputs(MemorySegment targets, MemorySegment oldLogp, MemorySegment refLogp,
    MemorySegment advantages, MemorySegment mask, MemorySegment weights) {

  /** On-policy, no reference, no mask, unit weights. */
  public static PolicyLossInputs of(MemorySegment targets, MemorySegment advantages) {
    return new PolicyLossInputs(targets, null, null, advantages, null, null);
  }

  /** A copy with old log-probs. */
  public PolicyLossInputs withOldLogp(MemorySegment s) {
    return new PolicyLossInputs(targets, s, refLogp, advantages, mask, weights);
  }

  /** A copy with reference log-probs. */
  public PolicyLossInputs withRefLogp(MemorySegment s) {
    return new PolicyLossInputs(targets, oldLogp, s, advantages, mask, weights);
  }

  /** A copy with a mask. */
  public PolicyLossInputs withMask(MemorySegment s) {
    return new PolicyLossInputs(targets, oldLogp, refLogp, advantages, s, weights);
  }

  /** A copy with aggregation weights. */
  public PolicyLossInputs withWeights(MemorySegment s) {
    return new PolicyLossInputs(targets, oldLogp, refLogp, advantages, mask, s);
  }
}
