// The LibTorch bridge: strided logits rows, gradient modes, N = 0, and rejection of wrong dtype,
// shape, stride and size before any data_ptr() reaches a kernel.
package org.anatomyr1.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Random;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.junit.jupiter.api.Test;

class TensorKernelsTest {

  @Test
  @SuppressWarnings("try") // the PointerScope frees every LibTorch temporary of the test
  void stridedRowsMatchTheSegmentFacade() {
    long seed = 4242;
    Random rnd = new Random(seed);
    int n = 11;
    int v = 37;
    int stride = 40;
    RandomInputs.LogitsCase c = RandomInputs.logits(rnd, n, v, stride, true);
    try (PointerScope scope = new PointerScope(); Arena arena = Arena.ofConfined()) {
      Tensor full = Torch.floats(c.logits(), n, stride);
      Tensor logits = full.narrow(1, 0, v); // [n, v] with stride(0) = 40
      assertEquals(stride, logits.stride(0));
      TokenLogprobs t = TensorKernels.tokenLogprobs(logits, Torch.longs(c.targets(), n), 0.7f, true);
      MemorySegment logp = Buffers.floatOut(arena, n);
      MemorySegment ent = Buffers.floatOut(arena, n);
      KernelOps.cpu().tokenLogprobs(new Logits(Buffers.floats(arena, c.logits()), DType.F32, n, v, stride),
          Buffers.longs(arena, c.targets()), 0.7f, logp, null, ent);
      assertArrayEquals(Buffers.toFloats(logp), Torch.toFloats(t.logp()), "seed " + seed);
      assertArrayEquals(Buffers.toFloats(ent), Torch.toFloats(t.entropy()), "seed " + seed);
      assertNull(TensorKernels.tokenLogprobs(logits, Torch.longs(c.targets(), n), 1f, false).entropy());
    }
  }

  @Test
  @SuppressWarnings("try") // the PointerScope frees every LibTorch temporary of the test
  void gradientModesAgree() {
    long seed = 777;
    Random rnd = new Random(seed);
    int n = 13;
    int v = 101;
    RandomInputs.LogitsCase c = RandomInputs.logits(rnd, n, v, v, false);
    float[] adv = RandomInputs.advantages(rnd, n);
    float[] mask = RandomInputs.mask(rnd, n);
    try (PointerScope scope = new PointerScope()) {
      Tensor targets = Torch.longs(c.targets(), n);
      Tensor a = Torch.floats(adv, n);
      Tensor m = Torch.floats(mask, n);
      PolicyLossConfig cfg = PolicyLossConfig.dapo();
      Tensor logits = Torch.floats(c.logits(), n, v);
      PolicyLossResult none = TensorKernels.policyLoss(logits, targets, null, null, a, m, null, cfg, GradientMode.NONE);
      assertNull(none.gradient());
      assertArrayEquals(c.logits(), Torch.toFloats(logits), "NONE must not touch the logits");
      PolicyLossResult sep = TensorKernels.policyLoss(logits, targets, null, null, a, m, null, cfg, GradientMode.SEPARATE);
      PolicyLossResult inPlace = TensorKernels.policyLoss(logits, targets, null, null, a, m, null, cfg, GradientMode.IN_PLACE);
      assertSame(logits, inPlace.gradient());
      assertArrayEquals(Torch.toFloats(sep.gradient()), Torch.toFloats(inPlace.gradient()), "seed " + seed);
      assertArrayEquals(Torch.toFloats(none.lossPerToken()), Torch.toFloats(sep.lossPerToken()));
      // on-policy, beta 0: loss = sum_t m_t (-A_t)
      double expected = 0;
      for (int i = 0; i < n; i++) {
        expected += mask[i] * -adv[i];
      }
      assertEquals(expected, none.loss().item_float(), 1e-5, "seed " + seed);
      assertEquals(ScalarType.Byte, none.clipped().scalar_type().intern());

      // bf16 rows with padding (stride 104 > V): the separate gradient keeps dtype and row stride
      float[] padded = new float[n * 104];
      for (int t = 0; t < n; t++) {
        System.arraycopy(c.logits(), t * v, padded, t * 104, v);
      }
      Tensor wide = Torch.floats(padded, n, 104).to(ScalarType.BFloat16);
      Tensor rows = wide.narrow(1, 0, v);
      PolicyLossResult bsep = TensorKernels.policyLoss(rows, targets, null, null, a, m, null, cfg, GradientMode.SEPARATE);
      assertEquals(ScalarType.BFloat16, bsep.gradient().scalar_type().intern());
      assertEquals(104, bsep.gradient().stride(0));
      PolicyLossResult bin = TensorKernels.policyLoss(rows, targets, null, null, a, m, null, cfg, GradientMode.IN_PLACE);
      assertArrayEquals(Torch.toFloats(bsep.gradient()), Torch.toFloats(bin.gradient()), "bf16, seed " + seed);
      float[] w = Torch.toFloats(wide);
      for (int t = 0; t < n; t++) {
        assertEquals(0f, w[t * 104 + v], "row padding must stay untouched");
      }
    }
  }

  @Test
  @SuppressWarnings("try") // the PointerScope frees every LibTorch temporary of the test
  void emptyBatchAndAdvantagesAndNoise() {
    try (PointerScope scope = new PointerScope()) {
      TokenLogprobs t = TensorKernels.tokenLogprobs(Torch.floats(new float[0], 0, 5),
          Torch.longs(new long[0], 0), 1f, true);
      assertEquals(0, t.logp().numel());
      GroupAdvantagesResult g = TensorKernels.groupAdvantages(Torch.floats(new float[] {1, 0, 0, 1}, 2, 2), 2,
          AdvantageConfig.center());
      assertArrayEquals(new float[] {0.5f, -0.5f, -0.5f, 0.5f}, Torch.toFloats(g.advantages()));
      assertEquals(2, g.advantages().dim(), "advantages keep the rewards' shape");
      assertArrayEquals(new byte[] {0, 0}, Torch.toBytes(g.zeroVariance()));
      float[] img = new float[300];
      java.util.Arrays.fill(img, 0.5f);
      Tensor src = Torch.floats(img, 10, 10, 3);
      Tensor dst = Torch.floats(new float[300], 10, 10, 3);
      TensorKernels.imageNoise(src, dst, NoiseConfig.sigma(0.1f), 9, 0);
      float[] y = Torch.toFloats(dst);
      for (int i = 0; i < y.length; i++) {
        assertEquals(ReferenceNoise.noisy(0.5, NoiseConfig.sigma(0.1f), 9, i), y[i], Tolerances.NOISE_ATOL);
      }
    }
  }

  @Test
  @SuppressWarnings("try") // the PointerScope frees every LibTorch temporary of the test
  void rejectsWrongDtypeShapeStrideAndSize() {
    try (PointerScope scope = new PointerScope()) {
      Tensor logits = Torch.floats(new float[24], 4, 6);
      Tensor targets = Torch.longs(new long[] {0, 1, 2, 3}, 4);
      Tensor adv = Torch.floats(new float[4], 4);
      PolicyLossConfig cfg = PolicyLossConfig.dapo();
      assertMessage("logits must be Float or BFloat16", () -> TensorKernels.tokenLogprobs(
          logits.to(ScalarType.Double), targets, 1f, false));
      assertMessage("targets must be Long", () -> TensorKernels.tokenLogprobs(
          logits, targets.to(ScalarType.Int), 1f, false));
      assertMessage("unit stride", () -> TensorKernels.tokenLogprobs(
          Torch.floats(new float[24], 6, 4).t(), targets, 1f, false));
      assertMessage("must be 2-D", () -> TensorKernels.tokenLogprobs(
          Torch.floats(new float[24], 2, 2, 6), targets, 1f, false));
      assertMessage("targets must have 4 elements, got 3", () -> TensorKernels.tokenLogprobs(
          logits, Torch.longs(new long[] {0, 1, 2}, 3), 1f, false));
      assertMessage("targets[2] = 9", () -> TensorKernels.tokenLogprobs(
          logits, Torch.longs(new long[] {0, 1, 9, 3}, 4), 1f, false));
      assertMessage("mask must be contiguous", () -> TensorKernels.policyLoss(logits, targets, null, null,
          adv, Torch.floats(new float[8], 4, 2).select(1, 0), null, cfg, GradientMode.NONE));
      assertMessage("refLogp must be given", () -> TensorKernels.policyLoss(logits, targets, null, null,
          adv, null, null, PolicyLossConfig.grpo(), GradientMode.NONE));
      assertMessage("advantages must be a defined tensor", () -> TensorKernels.policyLoss(logits, targets,
          null, null, null, null, null, cfg, GradientMode.NONE));
      assertMessage("not a multiple of groupSize 3", () -> TensorKernels.groupAdvantages(adv, 3,
          AdvantageConfig.grpo()));
      assertMessage("dst must be Float", () -> TensorKernels.imageNoise(adv,
          Torch.floats(new float[4], 4).to(ScalarType.Byte), NoiseConfig.sigma(0.1f), 1, 0));
    }
  }

  private static void assertMessage(String fragment, Runnable call) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call::run);
    assertTrue(e.getMessage().contains(fragment), "expected '" + fragment + "' in: " + e.getMessage());
  }
}
