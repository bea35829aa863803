// CPU twin of ar1_token_logprobs against the double reference: odd V (1, 7, 1001), N = 0,
// padded rows, outliers, +-1e4, -inf, temperature 0.7, fp32 and bf16, entropy.
package org.anatomyr1.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TokenLogprobsTest {

  @ParameterizedTest(name = "n={0} v={1} stride+={2} tau={3} {4}")
  @CsvSource({
      "0, 7, 0, 1.0, F32", "5, 1, 0, 1.0, F32", "9, 7, 3, 0.7, F32", "20, 1001, 0, 1.0, F32",
      "20, 1001, 5, 0.7, F32", "10, 1001, 0, 0.7, BF16", "6, 7, 1, 1.0, BF16", "3, 1, 2, 0.7, BF16"})
  void matchesReference(int n, int v, int pad, float tau, DType dtype) {
    long seed = 1000L * n + 31L * v + pad + dtype.ordinal();
    Random rnd = new Random(seed);
    int stride = v + pad;
    RandomInputs.LogitsCase c = RandomInputs.logits(rnd, n, v, stride, true);
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment data = dtype == DType.BF16 ? Buffers.shorts(arena, RandomInputs.toBf16(c.logits()))
          : Buffers.floats(arena, c.logits());
      ReferenceKernels.TokenOut ref =
          ReferenceKernels.tokenLogprobs(c.logits(), n, v, stride, c.targets(), tau);
      MemorySegment logp = Buffers.floatOut(arena, n);
      MemorySegment lse = Buffers.floatOut(arena, n);
      MemorySegment ent = Buffers.floatOut(arena, n);
      KernelOps.cpu().tokenLogprobs(new Logits(data, dtype, n, v, stride),
          Buffers.longs(arena, c.targets()), tau, logp, lse, ent);
      double[] slack = ref.slack();
      double[] entSlack = new double[n];
      for (int i = 0; i < n; i++) {
        entSlack[i] = 2 * slack[i];
      }
      Tolerances.assertClose("logp", seed, Buffers.toFloats(logp), ref.logp(), Tolerances.FP32_RTOL,
          Tolerances.FP32_ATOL, slack);
      Tolerances.assertClose("lse", seed, Buffers.toFloats(lse), ref.lse(), Tolerances.FP32_RTOL,
          Tolerances.FP32_ATOL, slack);
      Tolerances.assertClose("entropy", seed, Buffers.toFloats(ent), ref.entropy(),
          Tolerances.FP32_RTOL, Tolerances.FP32_ATOL, entSlack);

      // nullable outputs: logp alone gives the same numbers
      MemorySegment logp2 = Buffers.floatOut(arena, n);
      KernelOps.cpu().tokenLogprobs(new Logits(data, dtype, n, v, stride),
          Buffers.longs(arena, c.targets()), tau, logp2, null, null);
      assertEquals(logp.mismatch(logp2), -1L, "logp with and without lse/entropy, seed " + seed);
    }
  }

  @ParameterizedTest(name = "vocab {0}")
  @CsvSource({"151936"})
  void fullVocabularyRows(int v) {
    long seed = 151936L;
    Random rnd = new Random(seed);
    RandomInputs.LogitsCase c = RandomInputs.logits(rnd, 2, v, v, true);
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment logp = Buffers.floatOut(arena, 2);
      MemorySegment ent = Buffers.floatOut(arena, 2);
      KernelOps.cpu().tokenLogprobs(Logits.dense(Buffers.floats(arena, c.logits()), DType.F32, 2, v),
          Buffers.longs(arena, c.targets()), 1f, logp, null, ent);
      ReferenceKernels.TokenOut ref = ReferenceKernels.tokenLogprobs(c.logits(), 2, v, v, c.targets(), 1);
      Tolerances.assertClose("logp", seed, Buffers.toFloats(logp), ref.logp(), Tolerances.FP32_RTOL,
          Tolerances.FP32_ATOL, ref.slack());
      Tolerances.assertClose("entropy", seed, Buffers.toFloats(ent), ref.entropy(),
          Tolerances.FP32_RTOL, Tolerances.FP32_ATOL, ref.slack());
    }
  }
}
