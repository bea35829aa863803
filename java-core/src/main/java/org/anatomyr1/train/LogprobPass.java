// Token log-probs of completions under a model without autograd (old policy for mu > 1, reference
// policy for the KL term): hidden states, then lm_head and the log-prob kernel in token chunks.
package org.anatomyr1.train;

import org.anatomyr1.kernels.TensorKernels;
import org.anatomyr1.model.Qwen25VlModel;
import org.anatomyr1.torchinterop.HostTensors;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch.ScalarType;

final class LogprobPass {
  private LogprobPass() {}

  /**
   * log pi(y_t | prefix) / temperature-scaled, one per token of {@code s}, as a [N] f32 tensor owned
   * by the caller's PointerScope (the training step's).
   */
  @SuppressWarnings("try")
  static Tensor logprobs(Qwen25VlModel model, PolicyModel.Sequences s, float temperature, int chunk) {
    float[] out = new float[s.tokens()];
    try (NoGradGuard ng = new NoGradGuard(); PointerScope scope = new PointerScope()) {
      Tensor h = PolicyModel.completionHidden(model, s); // [N, H]
      Tensor w = model.weights().get("lm_head.weight").detach(); // [V, H]
      Tensor targets = HostTensors.longs(s.targets(), s.tokens()).to(model.compute().torchDevice(), ScalarType.Long);
      for (long i = 0; i < s.tokens(); i += chunk) {
        long len = Math.min(chunk, s.tokens() - i);
        Tensor logits = h.narrow(0, i, len).mm(w.t()).contiguous(); // [c, V]
        float[] lp = HostTensors.toFloats(TensorKernels.tokenLogprobs(logits, targets.narrow(0, i, len), temperature,
            false).logp());
        System.arraycopy(lp, 0, out, (int) i, (int) len);
      }
    }
    return HostTensors.floats(out, out.length);
  }
}
