// The fp32 detour of 16-bit linear and attention (CpuHalfCompute, TensorOps): on bf16 inputs it must
// equal the fp32 op on the same (bf16-representable) values up to the one final rounding to bf16,
// slice the weight without losing or reordering output rows, keep gradients flowing, and follow
// the mask and grouped-query head mapping.
package org.anatomyr1.model.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.anatomyr1.torchinterop.HostTensors;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.junit.jupiter.api.Test;

class CpuHalfComputeTest {
  private static final long SEED = 9;
  /** One bf16 rounding of the output: relative spacing 2^-8; atol covers outputs near zero. */
  private static final double RTOL = 1.0 / 256;
  private static final double ATOL = 1e-3;

  static Tensor randBf16(long... shape) {
    return torch.randn(shape).to(ScalarType.BFloat16);
  }

  private static void assertClose(String what, Tensor got, Tensor ref, double rtol, double atol) {
    assertClose(what, got, ref, rtol, atol, SEED);
  }

  /** |got - ref| <= atol + rtol |ref| elementwise, in fp32; the message names the seed. */
  static void assertClose(String what, Tensor got, Tensor ref, double rtol, double atol, long seed) {
    float[] g = HostTensors.toFloats(got.to(ScalarType.Float).contiguous());
    float[] r = HostTensors.toFloats(ref.to(ScalarType.Float).contiguous());
    assertEquals(r.length, g.length, what + ": length");
    for (int i = 0; i < r.length; i++) {
      double d = Math.abs((double) g[i] - r[i]);
      assertTrue(d <= atol + rtol * Math.abs(r[i]),
          what + " [" + i + "]: got " + g[i] + " ref " + r[i] + " (seed " + seed + ")");
    }
  }

  @Test
  @SuppressWarnings("try")
  void linearDetourEqualsFloatLinearRoundedOnceAcrossWeightSlices() {
    try (PointerScope scope = new PointerScope()) {
      torch.manual_seed(SEED);
      Tensor x = randBf16(3, 7, 40); // [B, T, in], 21 rows
      Tensor w = randBf16(45, 40); // [out, in]
      Tensor b = randBf16(45);
      Tensor ref = torch.linear(x.to(ScalarType.Float), w.to(ScalarType.Float), b.to(ScalarType.Float));
      // 16 rows per slice: slices of 16, 16, 13 output rows
      Tensor got = TensorOps.linearInFloat(x, w, b, 16 * 40);
      assertEquals(ScalarType.BFloat16.value, got.scalar_type().value, "output dtype");
      assertEquals(3, got.dim());
      assertEquals(45, got.size(2));
      assertClose("sliced detour", got, ref, RTOL, ATOL);
      assertClose("whole-weight detour", TensorOps.linearInFloat(x, w, null, 1L << 24),
          torch.linear(x.to(ScalarType.Float), w.to(ScalarType.Float)), RTOL, ATOL);
    }
  }

  @Test
  @SuppressWarnings("try")
  void linearDetourPassesGradientsInTheInputDtype() {
    try (PointerScope scope = new PointerScope()) {
      torch.manual_seed(SEED);
      Tensor x = randBf16(12, 24).set_requires_grad(true);
      Tensor w = randBf16(30, 24).set_requires_grad(true);
      TensorOps.linearInFloat(x, w, null, 10 * 24).sum().backward();
      Tensor x32 = x.detach().to(ScalarType.Float).set_requires_grad(true);
      Tensor w32 = w.detach().to(ScalarType.Float).set_requires_grad(true);
      torch.linear(x32, w32).sum().backward();
      assertEquals(ScalarType.BFloat16.value, x.grad().scalar_type().value, "input gradient dtype");
      // gradients are rounded to bf16 once more on their way back
      assertClose("dL/dx", x.grad(), x32.grad(), 2 * RTOL, 1e-2);
      assertClose("dL/dW", w.grad(), w32.grad(), 2 * RTOL, 1e-2);
    }
  }

  @Test
  @SuppressWarnings("try")
  void attentionDetourFollowsMaskAndGroupedHeads() {
    try (PointerScope scope = new PointerScope()) {
      torch.manual_seed(SEED);
      Tensor q = randBf16(2, 4, 5, 16); // [B, Hq, T, hd]
      Tensor k = randBf16(2, 2, 5, 16); // [B, Hkv, K, hd]
      Tensor v = randBf16(2, 2, 5, 16);
      Tensor mask = torch.tril(torch.ones(5, 5)).to(ScalarType.Bool).view(1, 1, 5, 5); // causal
      Tensor got = TensorOps.attentionInFloat(q, k, v, mask, true);
      // reference: kv heads repeated explicitly (head h reads kv head h / 2), fp32 math
      Tensor k2 = torch.repeat_interleave(k.to(ScalarType.Float), 2, new org.bytedeco.pytorch.LongOptional(1), new org.bytedeco.pytorch.LongOptional());
      Tensor v2 = torch.repeat_interleave(v.to(ScalarType.Float), 2, new org.bytedeco.pytorch.LongOptional(1), new org.bytedeco.pytorch.LongOptional());
      Tensor scores = torch.matmul(q.to(ScalarType.Float), k2.transpose(-1, -2)).div(new org.bytedeco.pytorch.Scalar(4.0));
      scores = scores.masked_fill(mask.logical_not(), new org.bytedeco.pytorch.Scalar(Double.NEGATIVE_INFINITY));
      Tensor ref = torch.matmul(torch.softmax(scores, -1), v2);
      Tensor refNoMask = torch.matmul(torch.softmax(torch.matmul(q.to(ScalarType.Float), k2.transpose(-1, -2))
          .div(new org.bytedeco.pytorch.Scalar(4.0)), -1), v2);
      assertClose("unmasked GQA attention", TensorOps.attentionInFloat(q, k, v, null, true), refNoMask, RTOL, ATOL);
      assertEquals(ScalarType.BFloat16.value, got.scalar_type().value, "output dtype");
      assertClose("masked GQA attention", got, ref, RTOL, ATOL);
      assertClose("unmasked attention", TensorOps.attentionInFloat(q, q, q, null, false),
          torch.scaled_dot_product_attention(q.to(ScalarType.Float), q.to(ScalarType.Float), q.to(ScalarType.Float)),
          RTOL, ATOL);
    }
  }
}
