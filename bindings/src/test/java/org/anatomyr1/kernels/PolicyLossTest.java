// CPU twin of the fused policy loss against the double reference: clip and plain, both signs of
// A, ratios on both clip boundaries, masked rows, weights, outliers, +-1e4, -inf, tau 0.7, V = 1,
// N = 0, padded rows, fp32 and bf16, in place and separate gradients.
package org.anatomyr1.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PolicyLossTest {

  /** One seeded case: inputs, kernel outputs, reference, comparisons. */
  static void runCase(long seed, int n, int v, int pad, DType dtype, LossVariant variant, float tau,
      float beta, boolean inPlace, boolean boundaries) {
    Random rnd = new Random(seed);
    int stride = v + pad;
    RandomInputs.LogitsCase c = RandomInputs.logits(rnd, n, v, stride, true);
    short[] bits = dtype == DType.BF16 ? RandomInputs.toBf16(c.logits()) : null;
    float[] adv = RandomInputs.advantages(rnd, n);
    float[] mask = RandomInputs.mask(rnd, n);
    float[] w = new float[n];
    for (int i = 0; i < n; i++) {
      w[i] = (float) (0.05 + rnd.nextDouble());
    }
    PolicyLossConfig cfg = new PolicyLossConfig(variant, tau, 0.2f, 0.28f, beta);
    // old log-probs near the current ones; some exactly on the clip boundaries
    ReferenceKernels.TokenOut cur = ReferenceKernels.tokenLogprobs(c.logits(), n, v, stride, c.targets(), tau);
    float[] old = new float[n];
    float[] ref = new float[n];
    for (int i = 0; i < n; i++) {
      double lp = cur.logp()[i];
      old[i] = (float) (lp + rnd.nextGaussian() * 0.3);
      if (boundaries) {
        switch (i % 4) {
          case 0 -> old[i] = (float) (lp - Math.log1p(cfg.epsHigh())); // r = 1 + eps_high
          case 1 -> old[i] = (float) (lp - Math.log1p(-cfg.epsLow())); // r = 1 - eps_low
          default -> { }
        }
      }
      ref[i] = (float) (lp + rnd.nextGaussian() * 0.2);
    }
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment data = bits != null ? Buffers.shorts(arena, bits) : Buffers.floats(arena, c.logits());
      Logits logits = new Logits(data, dtype, n, v, stride);
      MemorySegment grad = inPlace ? data : arena.allocate(Math.max(1, logits.byteSize()), 4)
          .asSlice(0, logits.byteSize());
      MemorySegment logp = Buffers.floatOut(arena, n);
      MemorySegment loss = Buffers.floatOut(arena, n);
      MemorySegment kl = Buffers.floatOut(arena, n);
      MemorySegment ratio = Buffers.floatOut(arena, n);
      MemorySegment clipped = Buffers.byteOut(arena, n);
      PolicyLossInputs in = PolicyLossInputs.of(Buffers.longs(arena, c.targets()), Buffers.floats(arena, adv))
          .withOldLogp(Buffers.floats(arena, old)).withRefLogp(Buffers.floats(arena, ref))
          .withMask(Buffers.floats(arena, mask)).withWeights(Buffers.floats(arena, w));
      KernelOps.cpu().policyLoss(logits, in, cfg, new PolicyLossOutputs(grad, logp, loss, kl, ratio, clipped));

      byte[] clip = Buffers.toBytes(clipped);
      ReferenceKernels.LossOut r = ReferenceKernels.policyLoss(c.logits(), n, v, stride, c.targets(),
          old, ref, adv, mask, w, variant, tau, cfg.epsLow(), cfg.epsHigh(), beta, clip);
      String tag = "seed " + seed;
      double[] ratioSlack = new double[n];
      for (int i = 0; i < n; i++) {
        ratioSlack[i] = r.ratio()[i] * r.slack()[i];
        assertEquals(r.clipped()[i] ? 1 : 0, clip[i], "clipped[" + i + "] (ratio " + r.ratio()[i]
            + ", A " + adv[i] + "), " + tag);
      }
      Tolerances.assertClose("logp", seed, Buffers.toFloats(logp), r.logp(), Tolerances.FP32_RTOL,
          Tolerances.FP32_ATOL, r.slack());
      Tolerances.assertClose("ratio", seed, Buffers.toFloats(ratio), r.ratio(), Tolerances.FP32_RTOL,
          Tolerances.FP32_ATOL, ratioSlack);
      Tolerances.assertClose("loss", seed, Buffers.toFloats(loss), r.loss(), Tolerances.FP32_RTOL,
          Tolerances.FP32_ATOL, r.lossSlack());
      Tolerances.assertClose("kl", seed, Buffers.toFloats(kl), r.kl(), Tolerances.FP32_RTOL,
          Tolerances.FP32_ATOL, r.klSlack());
      float[] g = dense(grad, dtype, n, v, stride);
      boolean bf16 = dtype == DType.BF16;
      Tolerances.assertClose("gradient", seed, g, r.grad(),
          bf16 ? Tolerances.BF16_RTOL + Tolerances.FP32_RTOL : Tolerances.FP32_RTOL,
          bf16 ? Tolerances.BF16_ATOL : Tolerances.FP32_ATOL, r.gradSlack());
      for (int t = 0; t < n; t++) {
        if (mask[t] == 0f) {
          for (int j = 0; j < v; j++) {
            assertEquals(0f, Math.abs(g[t * v + j]), "masked row " + t + " must get a zero gradient, " + tag);
          }
        }
      }
    }
  }

  /** The [n, v] gradient as floats, skipping the row padding. */
  static float[] dense(MemorySegment grad, DType dtype, int n, int v, int stride) {
    float[] g = new float[n * v];
    if (dtype == DType.BF16) {
      short[] h = Buffers.toShorts(grad);
      for (int t = 0; t < n; t++) {
        for (int j = 0; j < v; j++) {
          g[t * v + j] = Bf16.toFloat(h[t * stride + j]);
        }
      }
    } else {
      float[] f = Buffers.toFloats(grad);
      for (int t = 0; t < n; t++) {
        System.arraycopy(f, t * stride, g, t * v, v);
      }
    }
    return g;
  }

  @ParameterizedTest(name = "n={0} v={1} pad={2} {3} {4} tau={5} beta={6} inPlace={7} boundary={8}")
  @CsvSource({
      "0, 7, 0, F32, CLIP, 1.0, 0.04, true, false",
      "12, 1, 0, F32, CLIP, 1.0, 0.04, false, true",
      "16, 7, 3, F32, CLIP, 0.7, 0.04, true, true",
      "40, 1001, 0, F32, CLIP, 1.0, 0.0, true, true",
      "40, 1001, 5, F32, CLIP, 0.7, 0.04, false, true",
      "30, 1001, 0, F32, PLAIN, 1.0, 0.0, true, false",
      "30, 1001, 1, F32, PLAIN, 0.7, 0.1, false, false",
      "20, 1001, 0, BF16, CLIP, 1.0, 0.04, true, true",
      "20, 7, 2, BF16, CLIP, 0.7, 0.0, false, true",
      "20, 1001, 0, BF16, PLAIN, 0.7, 0.04, true, false"})
  void matchesReference(int n, int v, int pad, DType dtype, LossVariant variant, float tau,
      float beta, boolean inPlace, boolean boundaries) {
    long seed = 7919L * n + 104729L * v + 31L * pad + 17L * dtype.ordinal() + variant.ordinal()
        + (inPlace ? 5 : 0);
    runCase(seed, n, v, pad, dtype, variant, tau, beta, inPlace, boundaries);
  }

  @Test
  void fullVocabularyTwoRows() {
    runCase(151936L, 2, 151936, 0, DType.F32, LossVariant.CLIP, 1f, 0.04f, true, false);
  }

  @Test
  void onPolicyWithoutOptionalInputsHasRatioOneAndZeroKl() {
    long seed = 42;
    Random rnd = new Random(seed);
    int n = 9;
    int v = 33;
    RandomInputs.LogitsCase c = RandomInputs.logits(rnd, n, v, v, false);
    float[] adv = RandomInputs.advantages(rnd, n);
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment ratio = Buffers.floatOut(arena, n);
      MemorySegment kl = Buffers.floatOut(arena, n);
      MemorySegment loss = Buffers.floatOut(arena, n);
      MemorySegment clipped = Buffers.byteOut(arena, n);
      KernelOps.cpu().policyLoss(Logits.dense(Buffers.floats(arena, c.logits()), DType.F32, n, v),
          PolicyLossInputs.of(Buffers.longs(arena, c.targets()), Buffers.floats(arena, adv)),
          PolicyLossConfig.dapo(), PolicyLossOutputs.none().withRatio(ratio).withKl(kl)
              .withLoss(loss).withClipped(clipped));
      float[] r = Buffers.toFloats(ratio);
      float[] k = Buffers.toFloats(kl);
      float[] l = Buffers.toFloats(loss);
      byte[] cl = Buffers.toBytes(clipped);
      for (int i = 0; i < n; i++) {
        assertEquals(1f, r[i], "ratio on-policy, seed " + seed);
        assertEquals(0f, k[i], "kl with beta 0, seed " + seed);
        assertEquals(-adv[i], l[i], 1e-6, "loss = -A on-policy, seed " + seed);
        assertEquals(0, cl[i], "no clip at ratio 1, seed " + seed);
      }
    }
  }
}
