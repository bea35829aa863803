// The update both trainers share: per micro-batch the training forward to the completion hidden
// states, the chunked fused loss over lm_head (loss + d loss / d hidden, lm_head's gradient
// accumulated), backward through the model; then the optimizer step (Optimization: clip, AdamW,
// non-finite skip). With num_iterations > 1 the same micro-batches are trained again (GRPO's mu).
package org.anatomyr1.train;

import java.util.List;
import org.anatomyr1.kernels.PolicyLossConfig;
import org.anatomyr1.model.Qwen25VlModel;
import org.anatomyr1.model.core.ActivationCheckpoints;
import org.anatomyr1.torchinterop.HostTensors;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch.ScalarType;

final class PolicyUpdate {
  /** Sums over the step's tokens (all ranks); {@code loss} is NaN when a micro-batch was not finite. */
  record Sums(double loss, double klSum, double clippedSum, double entropySum, long tokens) {
    double perToken(double sum) {
      return tokens == 0 ? 0.0 : sum / tokens;
    }
  }

  /** The first iteration's sums and the optimizer outcome (a later skipped iteration's, if any). */
  record Result(Sums sums, Optimization.Outcome outcome) {}

  private final RunSetup run;
  private final PolicyLossConfig loss;
  private final int logitsChunk;

  PolicyUpdate(RunSetup run, PolicyLossConfig loss, int logitsChunk) {
    this.run = run;
    this.loss = loss;
    this.logitsChunk = logitsChunk;
  }

  /** {@code iterations} optimizer steps over {@code micros}; entropy is measured on the first when asked. */
  Result run(List<MicroBatch> micros, int step, int iterations, boolean entropy) {
    Result first = null;
    for (int it = 0; it < iterations; it++) {
      Result r = iteration(micros, step, entropy && it == 0);
      if (it == 0) first = r;
      else if (r.outcome().skipped()) first = new Result(first.sums(), r.outcome());
    }
    return first;
  }

  private Result iteration(List<MicroBatch> micros, int step, boolean entropy) {
    Optimization opt = run.optimization;
    opt.begin();
    double[] sums = new double[5]; // loss, kl, clipped, entropy, tokens
    boolean finite = true;
    for (MicroBatch mi : micros) {
      if (mi.seq().tokens() == 0) continue;
      ChunkedPolicyLoss.Stats s = lossAndBackward(mi, opt.headGrad(), entropy);
      if (s == null) {
        finite = false;
        continue;
      }
      sums[0] += s.loss();
      sums[1] += s.klSum();
      sums[2] += s.clippedSum();
      sums[3] += s.entropySum();
      sums[4] += s.tokens();
    }
    Optimization.Outcome o = opt.finish(step, finite);
    if (run.collective.worldSize() > 1) { // the step's sums over all ranks
      double[] t = DataParallel.sum(new double[] {sums[0], sums[1], sums[2], sums[3], sums[4], finite ? 0 : 1},
          run.collective);
      System.arraycopy(t, 0, sums, 0, 5);
      finite = t[5] == 0;
    }
    return new Result(new Sums(finite ? sums[0] : Double.NaN, sums[1], sums[2], sums[3], (long) sums[4]), o);
  }

  /** One micro-batch's forward, chunked loss and backward; null when its loss is not finite (no backward). */
  @SuppressWarnings("try")
  private ChunkedPolicyLoss.Stats lossAndBackward(MicroBatch mi, Tensor headGrad, boolean entropy) {
    try (PointerScope scope = new PointerScope()) {
      Qwen25VlModel model = run.policy.model();
      // train.grad_checkpointing: layers keep nothing for backward; tape.backward() recomputes them
      ActivationCheckpoints tape = run.config.get(ConfigKeys.GRAD_CHECKPOINTING) ? new ActivationCheckpoints() : null;
      Tensor hidden = PolicyModel.completionHidden(model, mi.seq(), tape); // [N, H]
      var dev = model.compute().torchDevice();
      int n = mi.seq().tokens();
      ChunkedPolicyLoss.TokenInputs in = new ChunkedPolicyLoss.TokenInputs(
          HostTensors.longs(mi.seq().targets(), n).to(dev, ScalarType.Long),
          mi.oldLogp() == null ? null : mi.oldLogp().to(dev, ScalarType.Float),
          mi.refLogp() == null ? null : mi.refLogp().to(dev, ScalarType.Float),
          HostTensors.floats(mi.advantages(), n).to(dev, ScalarType.Float),
          HostTensors.floats(mi.weights(), n).to(dev, ScalarType.Float));
      ChunkedPolicyLoss.Result r = ChunkedPolicyLoss.lossAndHiddenGrad(hidden, model.weights().get("lm_head.weight"),
          in, loss, logitsChunk, headGrad, entropy);
      if (!r.stats().finite()) return null;
      ChunkedPolicyLoss.backward(hidden, r.gradHidden());
      if (tape != null) tape.backward();
      return r.stats();
    }
  }
}
