// Our bf16 matrix-vector kernel behind TensorOps.linear (CpuBf16Gemv): on bf16 inputs it must equal
// the fp32 linear on the same values up to the one final rounding to bf16, for 1 to 9 rows (every
// block size of the kernel), with and without bias, in any leading shape; it must be taken for
// decoding-sized inputs on a CPU without bf16 instructions and never when a gradient is needed.
package org.anatomyr1.model.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.junit.jupiter.api.Test;

class CpuBf16GemvTest {
  private static final long SEED = 17;
  /** One bf16 ulp at the bottom of a binade; atol covers outputs near zero. */
  private static final double RTOL = 1.0 / 128;
  private static final double ATOL = 2e-3;

  private static Tensor randBf16(long... shape) {
    return CpuHalfComputeTest.randBf16(shape);
  }

  private static void assertClose(String what, Tensor got, Tensor ref) {
    CpuHalfComputeTest.assertClose(what, got, ref, RTOL, ATOL, SEED);
  }

  @Test
  @SuppressWarnings("try")
  void equalsFloatLinearRoundedOnceForEveryRowCount() {
    try (PointerScope scope = new PointerScope()) {
      torch.manual_seed(SEED);
      Tensor w = randBf16(67, 40); // [out, in]: 67 is no multiple of the kernel's row blocks
      Tensor b = randBf16(67);
      for (long rows = 1; rows <= 9; rows++) {
        Tensor x = randBf16(rows, 1, 40); // [B, 1, in]: one decoding step of `rows` sequences
        Tensor bias = rows % 2 == 1 ? b : null;
        Tensor ref = bias == null ? torch.linear(x.to(ScalarType.Float), w.to(ScalarType.Float))
            : torch.linear(x.to(ScalarType.Float), w.to(ScalarType.Float), bias.to(ScalarType.Float));
        Tensor got = CpuBf16Gemv.linear(x, w, bias);
        assertEquals(ScalarType.BFloat16.value, got.scalar_type().value, "output dtype");
        assertEquals(rows, got.size(0));
        assertEquals(1, got.size(1));
        assertEquals(67, got.size(2));
        assertClose(rows + " rows" + (bias == null ? "" : " + bias"), got, ref);
      }
    }
  }

  @Test
  @SuppressWarnings("try")
  void takenForDecodingWithoutGradientsOnly() {
    try (PointerScope scope = new PointerScope()) {
      torch.manual_seed(SEED);
      Tensor w = randBf16(16, 8);
      Tensor x = randBf16(4, 8);
      boolean slowBf16 = CpuHalfCompute.detour(x);
      assertEquals(slowBf16, CpuBf16Gemv.applies(x, w, null), "decoding-sized bf16 input on a CPU without bf16 instructions");
      assertFalse(CpuBf16Gemv.applies(randBf16(CpuHalfCompute.MIN_ROWS, 8), w, null), "the fp32 detour's row count");
      assertFalse(CpuBf16Gemv.applies(x.to(ScalarType.Float), w.to(ScalarType.Float), null), "fp32");
      Tensor xg = x.to(ScalarType.Float).requires_grad_(true);
      Tensor xb = xg.to(ScalarType.BFloat16); // requires grad through the cast
      assertFalse(CpuBf16Gemv.applies(xb, w, null), "an input that needs a gradient");
      Tensor y = TensorOps.linear(xb, w, null);
      y.to(ScalarType.Float).sum().backward();
      assertTrue(xg.grad().defined(), "the gradient still flows through LibTorch's linear");
    }
  }
}
