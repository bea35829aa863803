// A decoding step's grouped-query attention (one query per sequence) runs with the G query heads of
// each KV head folded into G query rows (TensorOps.sdpaFolded): it must equal attention over
// explicitly repeated K/V heads (head h reads kv head h / G), with a per-sequence padding mask and
// without one, in fp32 and through the bf16 detour.
package org.anatomyr1.model.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.LongOptional;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.junit.jupiter.api.Test;

class DecodeAttentionFoldTest {
  private static final long SEED = 23;

  /** softmax(q k^T / sqrt(hd) masked) v with K/V heads repeated G times, in fp32. */
  private static Tensor reference(Tensor q, Tensor k, Tensor v, Tensor maskOrNull) {
    long g = q.size(1) / k.size(1);
    Tensor k2 = torch.repeat_interleave(k.to(ScalarType.Float), g, new LongOptional(1), new LongOptional());
    Tensor v2 = torch.repeat_interleave(v.to(ScalarType.Float), g, new LongOptional(1), new LongOptional());
    Tensor scores = torch.matmul(q.to(ScalarType.Float), k2.transpose(-1, -2)).div(new Scalar(Math.sqrt(q.size(3))));
    if (maskOrNull != null) scores = scores.masked_fill(maskOrNull.logical_not(), new Scalar(Double.NEGATIVE_INFINITY));
    return torch.matmul(torch.softmax(scores, -1), v2); // [B, Hq, 1, hd]
  }

  @Test
  @SuppressWarnings("try")
  void foldedDecodeStepEqualsRepeatedKvHeads() {
    try (PointerScope scope = new PointerScope()) {
      torch.manual_seed(SEED);
      // q as the decoder makes it: [B, T, Hq, hd] viewed as [B, Hq, T, hd] (not contiguous)
      Tensor q = torch.randn(3, 1, 8, 16).transpose(1, 2); // [B=3, Hq=8, 1, hd=16], G = 4
      Tensor k = torch.randn(3, 2, 6, 16); // [B, Hkv=2, K=6, hd]
      Tensor v = torch.randn(3, 2, 6, 16);
      // padding differs per sequence: row 1 cannot see its first two keys, row 2 its last one
      Tensor mask = torch.ones(3, 1, 1, 6).to(ScalarType.Bool);
      mask.select(0, 1).narrow(-1, 0, 2).fill_(new Scalar(0.0));
      mask.select(0, 2).narrow(-1, 5, 1).fill_(new Scalar(0.0));
      CpuHalfComputeTest.assertClose("fp32, masked", TensorOps.attention(q, k, v, mask, true), reference(q, k, v, mask),
          1e-5, 1e-6, SEED);
      CpuHalfComputeTest.assertClose("fp32, no mask", TensorOps.attention(q, k, v, null, true), reference(q, k, v, null),
          1e-5, 1e-6, SEED);
      Tensor got = TensorOps.attention(q.to(ScalarType.BFloat16), k.to(ScalarType.BFloat16), v.to(ScalarType.BFloat16),
          mask, true);
      assertEquals(ScalarType.BFloat16.value, got.scalar_type().value, "output dtype");
      assertEquals(4, got.dim());
      assertEquals(8, got.size(1));
      CpuHalfComputeTest.assertClose("bf16, masked", got, reference(q.to(ScalarType.BFloat16), k.to(ScalarType.BFloat16),
          v.to(ScalarType.BFloat16), mask), 1.0 / 128, 1e-2, SEED);
    }
  }
}
