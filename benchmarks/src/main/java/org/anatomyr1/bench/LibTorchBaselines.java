// The alternative a user would reach for: the same math composed from LibTorch ops, as TRL's
// GRPOTrainer does it (logits / T -> log_softmax -> gather -> exp -> clamp -> min -> mean, then
// autograd backward). Used as the benchmark baseline.
package org.anatomyr1.bench;

import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.ScalarOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

public final class LibTorchBaselines {
  private LibTorchBaselines() {}

  /** Selected-token log-probs without gradient (TRL's selective_log_softmax): [N] */
  public static Tensor tokenLogprobs(Tensor logits, Tensor targets, float temperature) {
    Tensor z = logits.div(new Scalar(temperature)); // [N, V]
    if (logits.scalar_type().intern() == torch.ScalarType.Float) {
      // fp32 path: gather - logsumexp, no [N, V] log-softmax kept
      Tensor lse = torch.logsumexp(z, new long[] {1}, false); // [N]
      return z.gather(1, targets.unsqueeze(1)).squeeze(1).sub(lse);
    }
    // bf16 path: TRL uses log_softmax + gather, logsumexp being unstable in bf16
    return z.log_softmax(1).gather(1, targets.unsqueeze(1)).squeeze(1);
  }

  /**
   * Clipped GRPO loss with k3 KL, forward and autograd backward. Returns the gradient with
   * respect to the logits ([N, V], allocated by autograd).
   */
  public static Tensor policyLossGradient(BenchInputs in, float epsLow, float epsHigh, float beta) {
    Tensor leaf = in.logits.detach().set_requires_grad(true); // [N, V], shares the storage
    Tensor logp = tokenLogprobs(leaf, in.targets, BenchInputs.TEMPERATURE).to(torch.ScalarType.Float); // [N]
    Tensor ratio = logp.sub(in.oldLogp).exp(); // [N]
    Tensor clipped = ratio.clamp(new ScalarOptional(new Scalar(1f - epsLow)),
        new ScalarOptional(new Scalar(1f + epsHigh)));
    Tensor perToken = torch.minimum(ratio.mul(in.advantages), clipped.mul(in.advantages)).neg();
    if (beta != 0f) {
      Tensor d = in.refLogp.sub(logp); // [N]
      Tensor k3 = d.exp().sub(d).sub(new Scalar(1f));
      perToken = perToken.add(k3.mul(new Scalar(beta)));
    }
    Tensor loss = perToken.mul(in.mask).mul(in.weights).sum();
    loss.backward();
    return leaf.grad();
  }
}
