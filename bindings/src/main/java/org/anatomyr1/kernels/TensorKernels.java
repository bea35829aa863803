// LibTorch bridge: runs the kernels on org.bytedeco.pytorch.Tensor arguments (CPU tensors on the
// CPU twins, CUDA tensors on the CUDA kernels and LibTorch's current stream).
package org.anatomyr1.kernels;

import java.lang.foreign.MemorySegment;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;

/**
 * Kernel entry points on LibTorch tensors. Every tensor is checked for dtype, contiguity, device
 * and size before its {@code data_ptr()} is handed to a kernel. Output tensors are allocated on the
 * input's device (they attach to the caller's {@code PointerScope}, if any).
 *
 * <p>The kernels write through raw pointers: they bypass autograd and LibTorch's version counters,
 * so pass tensors that do not require grad (e.g. {@code logits.detach()}).
 */
public final class TensorKernels {
  private static final int F32 = 4;
  private static final int I64 = 8;

  private TensorKernels() {}

  /**
   * Token log-probs without gradient.
   *
   * @param logits // [N, V] float32 | bfloat16, unit stride in V
   * @param targets // [N] int64 in [0, V)
   * @param temperature tau > 0
   * @param withEntropy also compute the entropy
   */
  public static TokenLogprobs tokenLogprobs(Tensor logits, Tensor targets, float temperature,
      boolean withEntropy) {
    TensorViews.Placement p = TensorViews.placement("logits", logits);
    Logits l = TensorViews.logits("logits", logits, p);
    long n = l.n();
    MemorySegment tgt = TensorViews.vector("targets", targets, ScalarType.Long, I64, n, p);
    Args.positiveFinite("temperature", temperature);
    Tensor logp = TensorViews.empty(logits, ScalarType.Float, n);
    Tensor lse = TensorViews.empty(logits, ScalarType.Float, n);
    Tensor entropy = withEntropy ? TensorViews.empty(logits, ScalarType.Float, n) : null;
    if (n > 0) {
      p.ops().tokenLogprobs(l, tgt, temperature, TensorViews.segment(logp, n * F32),
          TensorViews.segment(lse, n * F32),
          entropy == null ? null : TensorViews.segment(entropy, n * F32), p.stream());
    }
    return new TokenLogprobs(logp, lse, entropy);
  }

  /**
   * Fused policy loss forward + backward.
   *
   * @param logits // [N, V] float32 | bfloat16, unit stride in V (overwritten for IN_PLACE)
   * @param targets // [N] int64
   * @param oldLogp // [N] float32, nullable (on-policy)
   * @param refLogp // [N] float32, nullable when cfg.beta() == 0
   * @param advantages // [N] float32
   * @param mask // [N] float32, nullable
   * @param weights // [N] float32 aggregation weights, nullable
   * @param cfg variant, temperature, clip range, beta
   * @param mode where the gradient goes
   */
  public static PolicyLossResult policyLoss(Tensor logits, Tensor targets, Tensor oldLogp,
      Tensor refLogp, Tensor advantages, Tensor mask, Tensor weights, PolicyLossConfig cfg,
      GradientMode mode) {
    if (cfg == null) {
      throw new IllegalArgumentException("cfg must not be null (e.g. PolicyLossConfig.grpo())");
    }
    if (mode == null) {
      throw new IllegalArgumentException("mode must not be null (NONE, IN_PLACE or SEPARATE)");
    }
    TensorViews.Placement p = TensorViews.placement("logits", logits);
    Logits l = TensorViews.logits("logits", logits, p);
    long n = l.n();
    PolicyLossInputs in = new PolicyLossInputs(
        TensorViews.vector("targets", targets, ScalarType.Long, I64, n, p),
        TensorViews.optionalVector("oldLogp", oldLogp, ScalarType.Float, F32, n, p),
        TensorViews.optionalVector("refLogp", refLogp, ScalarType.Float, F32, n, p),
        TensorViews.vector("advantages", advantages, ScalarType.Float, F32, n, p),
        TensorViews.optionalVector("mask", mask, ScalarType.Float, F32, n, p),
        TensorViews.optionalVector("weights", weights, ScalarType.Float, F32, n, p));
    if (refLogp == null && cfg.beta() != 0f) {
      throw new IllegalArgumentException("refLogp must be given when beta = " + cfg.beta() + " != 0");
    }
    Tensor gradient = switch (mode) {
      case NONE -> null;
      case IN_PLACE -> logits;
      case SEPARATE -> {
        // same dtype and row stride as the logits (kernels.h), viewed as [N, V]
        try (Tensor full = TensorViews.empty(logits, TensorViews.scalarType(logits), n, l.rowStride())) {
          yield full.narrow(1, 0, l.v());
        }
      }
    };
    Tensor logp = TensorViews.empty(logits, ScalarType.Float, n);
    Tensor lossPerToken = TensorViews.empty(logits, ScalarType.Float, n);
    Tensor kl = TensorViews.empty(logits, ScalarType.Float, n);
    Tensor ratio = TensorViews.empty(logits, ScalarType.Float, n);
    Tensor clipped = TensorViews.empty(logits, ScalarType.Byte, n);
    if (n > 0) {
      PolicyLossOutputs out = new PolicyLossOutputs(
          gradient == null ? null : (mode == GradientMode.IN_PLACE ? l.data()
              : TensorViews.segment(gradient, l.byteSize())),
          TensorViews.segment(logp, n * F32), TensorViews.segment(lossPerToken, n * F32),
          TensorViews.segment(kl, n * F32), TensorViews.segment(ratio, n * F32),
          TensorViews.segment(clipped, n));
      p.ops().policyLoss(l, in, cfg, out, p.stream());
    }
    return new PolicyLossResult(weightedSum(lossPerToken, mask, weights), logp, lossPerToken, kl,
        ratio, clipped, gradient);
  }

  /** sum_t w_t m_t loss_t as a 0-dim tensor; the intermediate products are freed at once. */
  private static Tensor weightedSum(Tensor lossPerToken, Tensor mask, Tensor weights) {
    Tensor x = lossPerToken;
    if (mask != null) {
      x = x.mul(mask);
    }
    if (weights != null) {
      Tensor y = x.mul(weights);
      if (x != lossPerToken) {
        x.close();
      }
      x = y;
    }
    Tensor sum = x.sum();
    if (x != lossPerToken) {
      x.close();
    }
    return sum;
  }

  /**
   * Group advantages.
   *
   * @param rewards // [B * G] float32, groups contiguous (any contiguous shape with B*G elements)
   * @param groupSize G >= 1, divides rewards.numel()
   * @param cfg mode, std estimator, eps
   */
  public static GroupAdvantagesResult groupAdvantages(Tensor rewards, int groupSize,
      AdvantageConfig cfg) {
    if (cfg == null) {
      throw new IllegalArgumentException("cfg must not be null (e.g. AdvantageConfig.grpo())");
    }
    TensorViews.Placement p = TensorViews.placement("rewards", rewards);
    if (groupSize < 1) {
      throw new IllegalArgumentException("groupSize must be >= 1, got " + groupSize);
    }
    long total = rewards.numel();
    if (total % groupSize != 0) {
      throw new IllegalArgumentException("rewards has " + total + " elements, not a multiple of groupSize "
          + groupSize);
    }
    long groups = total / groupSize;
    MemorySegment r = TensorViews.vector("rewards", rewards, ScalarType.Float, F32, total, p);
    Tensor adv = torch.empty_like(rewards);
    Tensor mean = TensorViews.empty(rewards, ScalarType.Float, groups);
    Tensor std = TensorViews.empty(rewards, ScalarType.Float, groups);
    Tensor zero = TensorViews.empty(rewards, ScalarType.Byte, groups);
    if (total > 0) {
      p.ops().groupAdvantages(r, groups, groupSize, cfg, TensorViews.segment(adv, total * F32),
          TensorViews.segment(mean, groups * F32), TensorViews.segment(std, groups * F32),
          TensorViews.segment(zero, groups), p.stream());
    }
    return new GroupAdvantagesResult(adv, mean, std, zero);
  }

  /**
   * Gaussian image noise, {@code dst} may be {@code src}.
   *
   * @param src // [.., C] float32 in [0, 1] or uint8, contiguous
   * @param dst same dtype and element count as src, contiguous, same device
   * @param cfg sigma or NoisyRollout step, clamp
   * @param seed Philox key
   * @param offset global element index of src's first element
   */
  public static void imageNoise(Tensor src, Tensor dst, NoiseConfig cfg, long seed, long offset) {
    if (cfg == null) {
      throw new IllegalArgumentException("cfg must not be null (e.g. NoiseConfig.sigma(0.05f))");
    }
    TensorViews.Placement p = TensorViews.placement("src", src);
    ScalarType st = TensorViews.scalarType(src);
    DType dtype;
    if (st == ScalarType.Float) {
      dtype = DType.F32;
    } else if (st == ScalarType.Byte) {
      dtype = DType.U8;
    } else {
      throw new IllegalArgumentException("src must be Float or Byte (uint8), got " + TensorViews.typeName(st));
    }
    long count = src.numel();
    MemorySegment s = TensorViews.vector("src", src, st, dtype.byteSize(), count, p);
    MemorySegment d = TensorViews.vector("dst", dst, st, dtype.byteSize(), count, p);
    if (count > 0) {
      p.ops().imageNoise(s, d, dtype, count, cfg, seed, offset, p.stream());
    }
  }
}
