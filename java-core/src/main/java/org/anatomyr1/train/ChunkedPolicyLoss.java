// The scalable policy update: hidden states of the completion tokens [N, H] go through lm_head in
// token chunks; the fused kernel overwrites each chunk's logits with d loss / d logits, which gives
// d loss / d hidden (dlogits @ W) and d loss / d W (dlogits^T @ hidden) without any [N, V] tensor
// for the whole batch; one backward of the model with d loss / d hidden finishes the step.
package org.anatomyr1.train;

import org.anatomyr1.kernels.GradientMode;
import org.anatomyr1.kernels.PolicyLossConfig;
import org.anatomyr1.kernels.PolicyLossResult;
import org.anatomyr1.kernels.TensorKernels;
import org.anatomyr1.kernels.TokenLogprobs;
import org.anatomyr1.model.core.TensorOps;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.BoolOptional;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorArrayRefOptional;
import org.bytedeco.pytorch.global.torch;

public final class ChunkedPolicyLoss {
  private ChunkedPolicyLoss() {}

  /**
   * Per-token inputs of the loss, all on the hidden states' device.
   *
   * @param targets [N] int64 completion tokens
   * @param oldLogp [N] f32 or null (on-policy: ratio 1)
   * @param refLogp [N] f32 or null (beta 0)
   * @param advantages [N] f32 (the completion's advantage on each of its tokens)
   * @param weights [N] f32 aggregation weights (already including any GPG alpha)
   */
  public record TokenInputs(Tensor targets, Tensor oldLogp, Tensor refLogp, Tensor advantages, Tensor weights) {}

  /**
   * Sums over the batch: loss = sum w l; weighted KL, clipped and entropy are sums over tokens
   * (divide by {@code tokens} for means).
   */
  public record Stats(double loss, double klSum, double clippedSum, double entropySum, long tokens) {
    public boolean finite() {
      return Double.isFinite(loss);
    }
  }

  /** d loss / d hidden [N, H] (hidden's dtype) and the batch sums. */
  public record Result(Tensor gradHidden, Stats stats) {}

  /**
   * Computes the loss and d loss / d hidden in chunks of {@code chunk} tokens and accumulates
   * d loss / d W into {@code gradHead} ([V, H] f32, may be null when lm_head is frozen). Autograd
   * is not used here; the caller runs {@code hidden.backward(result)} when the loss is finite.
   *
   * @param hidden [N, H] (detached inside; the caller keeps the graph)
   * @param head lm_head weight [V, H]
   */
  @SuppressWarnings("try")
  public static Result lossAndHiddenGrad(Tensor hidden, Tensor head, TokenInputs in, PolicyLossConfig cfg,
      int chunk, Tensor gradHead, boolean withEntropy) {
    long n = hidden.size(0);
    Tensor h = hidden.detach();
    Tensor w = head.detach(); // [V, H]
    Tensor gradHidden = torch.zeros_like(h); // [N, H]
    double loss = 0, kl = 0, clipped = 0, entropy = 0;
    try (NoGradGuard ng = new NoGradGuard()) {
      for (long s = 0; s < n; s += chunk) {
        long len = Math.min(chunk, n - s);
        try (PointerScope scope = new PointerScope()) {
          Tensor hc = h.narrow(0, s, len); // [c, H]
          Tensor logits = TensorOps.headLogits(hc, w).contiguous(); // [c, V], overwritten by d loss / d logits below
          if (withEntropy) {
            TokenLogprobs tl = TensorKernels.tokenLogprobs(logits, in.targets().narrow(0, s, len), cfg.temperature(), true);
            entropy += tl.entropy().sum().item_double();
          }
          PolicyLossResult r = TensorKernels.policyLoss(logits, in.targets().narrow(0, s, len),
              slice(in.oldLogp(), s, len), slice(in.refLogp(), s, len), in.advantages().narrow(0, s, len), null,
              in.weights().narrow(0, s, len), cfg, GradientMode.IN_PLACE);
          loss += r.loss().item_double();
          kl += r.kl().sum().item_double();
          clipped += r.clipped().sum().item_double();
          gradHidden.narrow(0, s, len).copy_(TensorOps.headLogitsGrad(logits, w)); // [c, H]
          if (gradHead != null) gradHead.add_(logits.t().mm(hc).to(gradHead.scalar_type())); // [V, H]
        }
      }
    }
    return new Result(gradHidden, new Stats(loss, kl, clipped, entropy, n));
  }

  /** Backpropagates d loss / d hidden through the model graph that produced {@code hidden}. */
  public static void backward(Tensor hidden, Tensor gradHidden) {
    hidden.backward(gradHidden, new BoolOptional(), false, new TensorArrayRefOptional());
  }

  private static Tensor slice(Tensor t, long s, long len) {
    return t == null ? null : t.narrow(0, s, len);
  }
}
