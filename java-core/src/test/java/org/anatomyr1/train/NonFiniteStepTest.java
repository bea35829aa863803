// A non-finite loss or gradient skips the optimizer step with a warning and leaves every weight
// (and the optimizer state) untouched; a finite step afterwards does update.
package org.anatomyr1.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import org.anatomyr1.dist.SingleProcessCollective;
import org.anatomyr1.kernels.PolicyLossConfig;
import org.anatomyr1.model.Qwen25VlModel;
import org.anatomyr1.model.TinyModelFactory;
import org.anatomyr1.model.core.ComputeSettings;
import org.anatomyr1.model.core.ModelWeights;
import org.anatomyr1.model.core.Qwen25VlConfig;
import org.anatomyr1.torchinterop.HostTensors;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.Test;

class NonFiniteStepTest {
  static final long SEED = 21;

  @Test
  void nonFiniteLossOrGradientSkipsTheStep() {
    System.out.println("seed " + SEED);
    Qwen25VlConfig config = TinyModelFactory.defaultTinyConfig(40);
    ModelWeights w = TinyModelFactory.randomWeights(config, SEED);
    Qwen25VlModel model = new Qwen25VlModel(config, w, ComputeSettings.cpuFloat32());
    TrainableParameters params = TrainableParameters.select(w, false, true);
    Optimization opt = new Optimization(params, new AdamW(0.9, 0.999, 1e-8, 0.01), new LrSchedule(1e-2, 0, 10, false),
        1.0, new SingleProcessCollective());
    Map<String, float[]> before = snapshot(params);

    // 1. NaN advantage -> NaN loss
    opt.begin();
    ChunkedPolicyLoss.Result r = pass(model, params, opt, Float.NaN);
    assertFalse(r.stats().finite());
    Optimization.Outcome o = opt.finish(0, r.stats().finite());
    assertTrue(o.skipped());
    assertSame(before, snapshot(params));
    assertEquals(0, opt.adam().stepsTaken());

    // 2. finite loss, but a non-finite gradient
    opt.begin();
    r = pass(model, params, opt, 1f);
    assertTrue(r.stats().finite());
    ChunkedPolicyLoss.backward(hiddenOf(model), r.gradHidden()); // grads exist
    opt.headGrad().narrow(0, 0, 1).fill_(new Scalar(Double.POSITIVE_INFINITY));
    o = opt.finish(1, true);
    assertTrue(o.skipped());
    assertFalse(Double.isFinite(o.gradNorm()));
    assertSame(before, snapshot(params));

    // 3. a finite step updates
    opt.begin();
    Tensor hidden = hiddenOf(model);
    r = pass(model, params, opt, 1f, hidden);
    ChunkedPolicyLoss.backward(hidden, r.gradHidden());
    o = opt.finish(2, true);
    assertFalse(o.skipped());
    assertEquals(1, opt.adam().stepsTaken());
    assertFalse(java.util.Arrays.equals(before.get("lm.norm.weight"), snapshot(params).get("lm.norm.weight")));
  }

  private static void assertSame(Map<String, float[]> a, Map<String, float[]> b) {
    for (String k : a.keySet()) assertArrayEquals(a.get(k), b.get(k), k + " changed by a skipped step");
  }

  private static ChunkedPolicyLoss.Result pass(Qwen25VlModel model, TrainableParameters p, Optimization opt, float adv) {
    return pass(model, p, opt, adv, hiddenOf(model));
  }

  private static ChunkedPolicyLoss.Result pass(Qwen25VlModel model, TrainableParameters p, Optimization opt, float adv,
      Tensor hidden) {
    int n = (int) hidden.size(0);
    float[] a = new float[n];
    float[] w = new float[n];
    java.util.Arrays.fill(a, 1f);
    a[1] = adv;
    java.util.Arrays.fill(w, 1f / n);
    long[] y = new long[n];
    for (int i = 0; i < n; i++) y[i] = 3 + i;
    return ChunkedPolicyLoss.lossAndHiddenGrad(hidden, model.weights().get("lm_head.weight"),
        new ChunkedPolicyLoss.TokenInputs(HostTensors.longs(y, n), null, null, HostTensors.floats(a, n),
            HostTensors.floats(w, n)), PolicyLossConfig.gpg(), 2, opt.headGrad(), false);
  }

  private static Tensor hiddenOf(Qwen25VlModel model) {
    long[][] ids = {{1, 5, 7, 9, 2}};
    long[][] mask = {{1, 1, 1, 1, 1}};
    Tensor h = model.hiddenStates(new Qwen25VlModel.Batch(ids, mask, null, null), null).hidden();
    return h.reshape(-1, h.size(2)); // [5, H]
  }

  private static Map<String, float[]> snapshot(TrainableParameters p) {
    Map<String, float[]> m = new LinkedHashMap<>();
    for (var e : p.all().entrySet()) m.put(e.getKey(), HostTensors.toFloats(e.getValue().detach()));
    return m;
  }
}
