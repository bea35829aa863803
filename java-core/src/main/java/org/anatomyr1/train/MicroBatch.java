// One micro-batch of a policy update: its training sequences and, per trained token, the advantage
// and aggregation weight; for GRPO also the old-policy and reference log-probs when the loss needs them.
package org.anatomyr1.train;

import org.bytedeco.pytorch.Tensor;

/**
 * @param seq prompt + completion rows and the N trained tokens
 * @param advantages [N] (1 for SFT's cross-entropy)
 * @param weights [N] aggregation weights (GPG's alpha included)
 * @param oldLogp [N] or null (on-policy: ratio 1)
 * @param refLogp [N] or null (no KL term)
 */
record MicroBatch(PolicyModel.Sequences seq, float[] advantages, float[] weights, Tensor oldLogp, Tensor refLogp) {
  MicroBatch withLogprobs(Tensor old, Tensor ref) {
    return new MicroBatch(seq, advantages, weights, old, ref);
  }
}
