// The reference policy of GRPO's KL term: the starting model, also when resuming from a checkpoint.
// Full fine-tuning loads a second, frozen copy (owned and closed here); with LoRA the reference is
// the policy itself with its adapters switched off.
package org.anatomyr1.train;

import org.anatomyr1.model.Qwen25VlModel;
import org.bytedeco.pytorch.Tensor;

final class ReferencePolicy implements AutoCloseable {
  private final PolicyModel policy;
  private final Qwen25VlModel frozen; // null with LoRA

  private ReferencePolicy(PolicyModel policy, Qwen25VlModel frozen) {
    this.policy = policy;
    this.frozen = frozen;
  }

  /** The reference of a run with KL weight {@code beta}, or null when beta is 0 (no KL term). */
  static ReferencePolicy of(TrainConfig config, float beta, PolicyModel policy) {
    if (!(beta > 0)) return null;
    return new ReferencePolicy(policy,
        policy.lora() == null ? Qwen25VlModel.load(config.model(), policy.model().compute()) : null);
  }

  /** Per-token log-probs [N] of {@code seq}'s completion tokens under the reference. */
  Tensor logprobs(PolicyModel.Sequences seq, float tau, int logitsChunk) {
    if (frozen != null) return LogprobPass.logprobs(frozen, seq, tau, logitsChunk);
    LoraAdapters lora = policy.lora();
    lora.setEnabled(false);
    try {
      return LogprobPass.logprobs(policy.model(), seq, tau, logitsChunk);
    } finally {
      lora.setEnabled(true);
    }
  }

  @Override
  public void close() {
    if (frozen != null) frozen.close();
  }
}
