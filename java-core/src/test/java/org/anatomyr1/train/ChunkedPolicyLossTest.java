// The chunked lm_head + fused-kernel policy update gives the same parameter gradients (and loss) as
// LibTorch autograd through the full [N, V] logits, on the tiny model with a small vocabulary.
package org.anatomyr1.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.anatomyr1.kernels.LossVariant;
import org.anatomyr1.kernels.PolicyLossConfig;
import org.anatomyr1.model.Qwen25VlModel;
import org.anatomyr1.model.TinyModelFactory;
import org.anatomyr1.model.core.ComputeSettings;
import org.anatomyr1.model.core.ModelWeights;
import org.anatomyr1.model.core.Qwen25VlConfig;
import org.anatomyr1.torchinterop.HostTensors;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.ScalarOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Test;

class ChunkedPolicyLossTest {
  static final long SEED = 11;

  @Test
  void chunkedKernelPathMatchesAutogradThroughFullLogits() {
    System.out.println("seed " + SEED);
    for (PolicyLossConfig cfg : new PolicyLossConfig[] {
        new PolicyLossConfig(LossVariant.CLIP, 0.9f, 0.2f, 0.28f, 0.04f),
        new PolicyLossConfig(LossVariant.PLAIN, 1f, 0.2f, 0.2f, 0f)}) {
      compare(cfg);
    }
  }

  private void compare(PolicyLossConfig cfg) {
    Qwen25VlConfig config = TinyModelFactory.defaultTinyConfig(40);
    ModelWeights w = TinyModelFactory.randomWeights(config, SEED);
    Qwen25VlModel model = new Qwen25VlModel(config, w, ComputeSettings.cpuFloat32());
    TrainableParameters params = TrainableParameters.select(w, false, true);
    SplittableRandom rng = new SplittableRandom(SEED);
    int b = 2, t = 7;
    long[][] ids = new long[b][t];
    long[][] mask = new long[b][t];
    for (int i = 0; i < b; i++) for (int j = 0; j < t; j++) {
      ids[i][j] = rng.nextInt(40);
      mask[i][j] = (i == 1 && j < 2) ? 0 : 1; // row 1 left-padded
    }
    Qwen25VlModel.Batch batch = new Qwen25VlModel.Batch(ids, mask, null, null);
    long[] positions = {2, 3, 5, 6, 8, 10, 11, 12, 13}; // flat (row*T + pos) of hidden states that predict
    int n = positions.length;
    long[] targets = new long[n];
    float[] old = new float[n], ref = new float[n], adv = new float[n], wts = new float[n];
    for (int i = 0; i < n; i++) {
      targets[i] = rng.nextInt(config.text().vocabSize());
      old[i] = (float) (-4.5 + rng.nextDouble(-0.3, 0.3));
      ref[i] = (float) (-4.2 + rng.nextDouble(-0.5, 0.5));
      adv[i] = (float) rng.nextDouble(-1.5, 1.5);
      wts[i] = (float) (1.0 / n * (1 + 0.5 * rng.nextDouble()));
    }
    Tensor idx = HostTensors.longs(positions, n);
    Tensor tgt = HostTensors.longs(targets, n);
    Tensor oldT = cfg.variant() == LossVariant.CLIP ? HostTensors.floats(old, n) : null;
    Tensor refT = cfg.beta() > 0 ? HostTensors.floats(ref, n) : null;
    Tensor advT = HostTensors.floats(adv, n);
    Tensor wT = HostTensors.floats(wts, n);
    Tensor head = w.get("lm_head.weight");

    // 1. chunked kernel path
    params.zeroGrad();
    Tensor hidden = flatHidden(model, batch, idx, t);
    Tensor gradHead = torch.zeros_like(head.detach());
    ChunkedPolicyLoss.Result r = ChunkedPolicyLoss.lossAndHiddenGrad(hidden, head,
        new ChunkedPolicyLoss.TokenInputs(tgt, oldT, refT, advT, wT), cfg, 4, gradHead, true);
    ChunkedPolicyLoss.backward(hidden, r.gradHidden());
    Map<String, Tensor> kernelGrads = new LinkedHashMap<>();
    for (var e : params.all().entrySet()) {
      Tensor g = e.getValue().grad().clone();
      if (e.getKey().equals(params.headName())) g = g.add(gradHead);
      kernelGrads.put(e.getKey(), g);
    }

    // 2. autograd through the full logits
    params.zeroGrad();
    Tensor hidden2 = flatHidden(model, batch, idx, t);
    Tensor logits = hidden2.mm(head.t()).div(new Scalar(cfg.temperature())); // [N, V]
    Tensor logp = logits.log_softmax(1).gather(1, tgt.unsqueeze(1)).squeeze(1); // [N]
    Tensor loss;
    if (cfg.variant() == LossVariant.CLIP) {
      Tensor ratio = logp.sub(oldT).exp();
      Tensor clipped = ratio.clamp(new ScalarOptional(new Scalar(1 - cfg.epsLow())),
          new ScalarOptional(new Scalar(1 + cfg.epsHigh())));
      loss = torch.minimum(ratio.mul(advT), clipped.mul(advT)).neg();
    } else {
      loss = logp.mul(advT).neg();
    }
    if (refT != null) {
      Tensor d = refT.sub(logp);
      loss = loss.add(d.exp().sub(d).sub(new Scalar(1.0)).mul(new Scalar(cfg.beta())));
    }
    Tensor total = loss.mul(wT).sum();
    total.backward();
    assertEquals(total.item_double(), r.stats().loss(), 1e-5 + 1e-4 * Math.abs(total.item_double()), "loss");
    int compared = 0;
    for (var e : params.all().entrySet()) {
      float[] a = HostTensors.toFloats(kernelGrads.get(e.getKey()));
      float[] ref2 = HostTensors.toFloats(e.getValue().grad());
      double scale = 0;
      for (float x : ref2) scale = Math.max(scale, Math.abs(x));
      for (int i = 0; i < a.length; i++) {
        double tol = Tolerances.GRAD_ATOL * Math.max(scale, 1e-3) + Tolerances.GRAD_RTOL * Math.abs(ref2[i]);
        assertTrue(Math.abs(a[i] - ref2[i]) <= tol, e.getKey() + "[" + i + "]: kernel " + a[i] + " vs autograd " + ref2[i]);
      }
      compared++;
    }
    assertTrue(compared > 10, "trainable parameters compared: " + compared);
  }

  private static Tensor flatHidden(Qwen25VlModel model, Qwen25VlModel.Batch batch, Tensor idx, int t) {
    Tensor h = model.hiddenStates(batch, null).hidden(); // [B, T, H]
    return h.reshape(-1, h.size(2)).index_select(0, idx); // [N, H]
  }
}
