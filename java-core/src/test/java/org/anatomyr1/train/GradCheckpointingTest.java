// train.grad_checkpointing: the checkpointed training forward (layers run without autograd, then
// recomputed one at a time in backward) gives the same loss and parameter gradients as the plain
// forward on the tiny model: LoRA and full fine-tuning (vision tower and embeddings trained too) in
// fp32, LoRA in bf16; the forward really keeps no layer graph (no gradient before tape.backward());
// and a GRPO run with the key on reproduces the run with it off.
package org.anatomyr1.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.anatomyr1.kernels.PolicyLossConfig;
import org.anatomyr1.model.core.ActivationCheckpoints;
import org.anatomyr1.model.core.ComputeSettings;
import org.anatomyr1.torchinterop.HostTensors;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GradCheckpointingTest {
  static final long SEED = 33;

  /** The loss and every trainable parameter's gradient (lm_head's accumulated one included), fp32 host copies. */
  private record Grads(double loss, Map<String, float[]> grads) {}

  @Test
  void fp32LoraGradientsEqualWithAndWithoutCheckpointing(@TempDir Path tmp) {
    Path data = TinyTrainFixture.data(tmp.resolve("data"), 4, SEED);
    Path model = TinyTrainFixture.model(tmp.resolve("model"), data, SEED);
    try (PolicyModel p = PolicyModel.load(model, new ComputeSettings(ScalarType.Float, "cpu"))) {
      TrainableParameters params = lora(p);
      compare(p, params, data, 1e-5);
    }
  }

  @Test
  void fp32FullFineTuningGradientsEqualWithAndWithoutCheckpointing(@TempDir Path tmp) {
    Path data = TinyTrainFixture.data(tmp.resolve("data"), 4, SEED);
    Path model = TinyTrainFixture.model(tmp.resolve("model"), data, SEED);
    try (PolicyModel p = PolicyModel.load(model, new ComputeSettings(ScalarType.Float, "cpu"))) {
      // vision and embeddings train too: the vision blocks form a second checkpointed chain whose
      // gradient arrives through the decoder chain's source (embeddings with the image features)
      TrainableParameters params = TrainableParameters.select(p.model().weights(), true, true);
      Map<String, float[]> g = compare(p, params, data, 1e-5).grads();
      for (String n : List.of("vis.blocks.0.attn.qkv.weight", "lm.layers.0.self_attn.q_proj.weight",
          "lm.embed_tokens.weight")) {
        float[] v = g.get(n);
        assertTrue(v != null && norm(v) > 0, n + ": has a non-zero gradient (" + g.keySet().stream().limit(5).toList() + "...)");
      }
    }
  }

  @Test
  void bf16LoraGradientsAgreeWithAndWithoutCheckpointing(@TempDir Path tmp) {
    Path data = TinyTrainFixture.data(tmp.resolve("data"), 4, SEED);
    Path model = TinyTrainFixture.model(tmp.resolve("model"), data, SEED);
    try (PolicyModel p = PolicyModel.load(model, new ComputeSettings(ScalarType.BFloat16, "cpu"))) {
      TrainableParameters params = lora(p);
      // the recompute runs the same bf16 ops on the same inputs, so the values should agree to
      // fp32-accumulation noise; 1e-3 (half of bf16's 2^-9 relative rounding) still catches a lost
      // or doubled gradient path (order-1 errors)
      compare(p, params, data, 1e-3);
    }
  }

  /** A GRPO run with train.grad_checkpointing=true reproduces the run without it (fp32, LoRA and full). */
  @Test
  void grpoRunWithCheckpointingReproducesTheRunWithout(@TempDir Path tmp) throws Exception {
    Path data = TinyTrainFixture.data(tmp.resolve("data"), 4, SEED);
    Path model = TinyTrainFixture.model(tmp.resolve("model"), data, SEED);
    TrainConfig c = TrainConfig.load(null, List.of("model=" + model, "data.train=" + data, "out=" + tmp.resolve("runs"),
        "steps=2", "batch=2", "progress=false", "seed=" + SEED, "lr=1e-3", "threads=1", "group_size=2",
        "max_completion_tokens=4", "sampling.temperature=1.5"));
    for (String rank : List.of("0", "4")) {
      Path off = GrpoTrainer.run(c.with("name=off" + rank, "lora.rank=" + rank));
      Path on = GrpoTrainer.run(c.with("name=on" + rank, "lora.rank=" + rank, "train.grad_checkpointing=true"));
      List<String> a = ComparableMetrics.of(off), b = ComparableMetrics.of(on);
      assertEquals(a, b, "lora.rank=" + rank + ": metrics with checkpointing differ");
    }
  }

  private static TrainableParameters lora(PolicyModel p) {
    var w = p.model().weights();
    LoraAdapters lora = LoraAdapters.create(w, p.model().config(),
        List.of("q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"), 4, 8, SEED);
    p.useLora(lora);
    TinyTrainFixture.randomLoraB(lora, SEED); // B = 0 would give A no gradient
    return TrainableParameters.lora(w, lora);
  }

  /**
   * Gradients without and with checkpointing; each parameter's (and lm_head's) within {@code tol}
   * relative L2, the loss within {@code tol} relative. Also checks that the checkpointed forward
   * left the chained layers' parameters without gradient until tape.backward().
   */
  private static Grads compare(PolicyModel p, TrainableParameters params, Path data, double tol) {
    PolicyStepInputs in = inputs(p, data);
    Grads plain = grads(p, params, in, false);
    Grads ckpt = grads(p, params, in, true);
    System.out.println("loss plain " + plain.loss() + " checkpointed " + ckpt.loss());
    assertTrue(Math.abs(plain.loss()) > 1e-6, "the loss depends on the model: " + plain.loss());
    assertEquals(plain.loss(), ckpt.loss(), tol * Math.abs(plain.loss()), "loss");
    assertEquals(plain.grads().keySet(), ckpt.grads().keySet());
    double worst = 0;
    for (var e : plain.grads().entrySet()) {
      float[] a = e.getValue(), b = ckpt.grads().get(e.getKey());
      assertTrue(norm(a) > 0, e.getKey() + ": the plain gradient is not zero");
      double err = diff(a, b) / norm(a);
      worst = Math.max(worst, err);
      assertTrue(err <= tol, e.getKey() + ": gradient relative L2 difference " + err + " > " + tol);
    }
    System.out.println(plain.grads().size() + " gradients, worst relative L2 difference " + worst);
    return plain;
  }

  @SuppressWarnings("try")
  private static Grads grads(PolicyModel p, TrainableParameters params, PolicyStepInputs in, boolean checkpoint) {
    params.zeroGrad();
    String head = params.headName();
    Tensor headGrad = head == null ? null : org.bytedeco.pytorch.global.torch.zeros_like(params.all().get(head))
        .to(ScalarType.Float);
    try (PointerScope scope = new PointerScope()) {
      ActivationCheckpoints tape = checkpoint ? new ActivationCheckpoints() : null;
      Tensor hidden = PolicyModel.completionHidden(p.model(), in.seq(), tape); // [N, H]
      ChunkedPolicyLoss.TokenInputs ti = new ChunkedPolicyLoss.TokenInputs(
          HostTensors.longs(in.seq().targets(), in.seq().tokens()), null, null,
          HostTensors.floats(in.adv(), in.adv().length), HostTensors.floats(in.weights(), in.weights().length));
      ChunkedPolicyLoss.Result r = ChunkedPolicyLoss.lossAndHiddenGrad(hidden, p.model().weights().get("lm_head.weight"),
          ti, PolicyLossConfig.gpg(), 64, headGrad, false);
      assertTrue(r.stats().finite());
      ChunkedPolicyLoss.backward(hidden, r.gradHidden());
      if (checkpoint) {
        for (var e : params.all().entrySet()) {
          if (!e.getKey().contains("layers.") && !e.getKey().contains("blocks.")) continue;
          Tensor g = e.getValue().grad();
          assertFalse(g.defined() && norm(HostTensors.toFloats(g.to(ScalarType.Float))) > 0,
              e.getKey() + ": a checkpointed layer got its gradient before tape.backward(): the forward kept its graph");
        }
        tape.backward();
      }
      Map<String, float[]> out = new LinkedHashMap<>();
      for (var e : params.all().entrySet()) {
        Tensor g = e.getValue().grad();
        assertTrue(g.defined(), e.getKey() + ": no gradient");
        out.put(e.getKey(), HostTensors.toFloats(g.to(ScalarType.Float)));
      }
      if (headGrad != null) out.put("lm_head (accumulated)", HostTensors.toFloats(headGrad));
      return new Grads(r.stats().loss(), out);
    }
  }

  /** Seeded advantages (not +-1, so the loss varies). */
  private static PolicyStepInputs inputs(PolicyModel p, Path data) {
    return PolicyStepInputs.of(p, data, SEED, (i, row, rng) -> (float) rng.nextDouble(-1, 1));
  }

  private static double norm(float[] a) {
    double s = 0;
    for (float x : a) s += (double) x * x;
    return Math.sqrt(s);
  }

  private static double diff(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) s += Math.pow(a[i] - b[i], 2);
    return Math.sqrt(s);
  }
}
