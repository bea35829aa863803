// Small LibTorch expressions shared by the vision tower and the decoder, written once so that both
// follow transformers' numerics (Qwen2RMSNorm, rotate_half, SwiGLU).
package org.anatomyr1.model.core;

import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.ScalarTypeOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;

public final class TensorOps {
  private TensorOps() {}

  /**
   * Detaches a long-lived tensor (weights, tables, caches) from the enclosing JavaCPP PointerScope,
   * if any, so that closing a per-step scope never frees model state; it is freed by GC or close().
   */
  public static Tensor keep(Tensor t) {
    org.bytedeco.javacpp.PointerScope scope = org.bytedeco.javacpp.PointerScope.getInnerScope();
    if (scope != null) {
      t.retainReference(); // detach() drops the scope's reference; keep one of our own
      scope.detach(t);
    }
    return t;
  }

  /**
   * Runs one layer in its own PointerScope, so that a 36-layer forward holds one layer's
   * intermediates at a time: everything the layer allocated is freed when it returns, except its
   * output, which moves to the enclosing scope (or, without one, to the GC). Autograd keeps what
   * backward needs through its own references, so this is safe with gradients too.
   */
  @SuppressWarnings("try")
  public static Tensor scoped(java.util.function.Supplier<Tensor> layer) {
    org.bytedeco.javacpp.PointerScope outer = org.bytedeco.javacpp.PointerScope.getInnerScope();
    Tensor out;
    try (org.bytedeco.javacpp.PointerScope inner = new org.bytedeco.javacpp.PointerScope()) {
      out = layer.get();
      if (outer != null) outer.attach(out);
      else out.retainReference();
      inner.detach(out);
    }
    return out;
  }

  /** Drops our handle of an intermediate now (a layer's input once the next layer has run). */
  public static void release(Tensor t) {
    org.bytedeco.javacpp.PointerScope scope = org.bytedeco.javacpp.PointerScope.getInnerScope();
    if (scope != null) scope.detach(t); // detach releases the scope's reference
    else t.close();
  }

  /** Qwen2RMSNorm: variance and rsqrt in fp32, cast back to the input dtype, then times weight. */
  public static Tensor rmsNorm(Tensor x, Tensor weight, double eps) {
    ScalarType in = x.scalar_type();
    Tensor x32 = x.to(ScalarType.Float);
    Tensor variance = x32.pow(new Scalar(2.0)).mean(new long[] {-1}, true, new ScalarTypeOptional());
    Tensor normed = x32.mul(torch.rsqrt(variance.add(new Scalar(eps))));
    return weight.mul(normed.to(in));
  }

  /** concat(-x[..., d/2:], x[..., :d/2]) on the last dimension. */
  public static Tensor rotateHalf(Tensor x) {
    long d = x.size(-1);
    Tensor x1 = x.narrow(-1, 0, d / 2);
    Tensor x2 = x.narrow(-1, d / 2, d - d / 2);
    return cat(-1, x2.neg(), x1);
  }

  /** x*cos + rotate_half(x)*sin. */
  public static Tensor applyRotary(Tensor x, Tensor cos, Tensor sin) {
    return x.mul(cos).add(rotateHalf(x).mul(sin));
  }

  public static Tensor cat(long dim, Tensor... parts) {
    return torch.cat(new TensorVector(parts), dim);
  }

  /**
   * x W^T + b for x [.., in] and W [out, in]. A single row (decoding at batch 1) goes through a
   * matrix-vector product: LibTorch's CPU GEMM with M = 1 ran 3-4x slower than its GEMV on the
   * 152k x 896 head (docs/BENCHMARKS.md, generation). In bf16 on a CPU without bf16 instructions,
   * a few rows without gradients (decoding) go through our own kernel (CpuBf16Gemv).
   */
  public static Tensor linear(Tensor x, Tensor weight, Tensor biasOrNull) {
    if (CpuBf16Gemv.applies(x, weight, biasOrNull)) {
      return CpuBf16Gemv.linear(x, weight, biasOrNull);
    }
    long in = weight.size(1);
    if (x.numel() == in && x.dim() >= 1) {
      long[] shape = x.sizes().vec().get(); // [.., 1, in] -> [.., 1, out]
      shape[shape.length - 1] = weight.size(0);
      Tensor y = torch.mv(weight, x.reshape(in)); // [out]
      return (biasOrNull == null ? y : y.add(biasOrNull)).view(shape);
    }
    if (CpuHalfCompute.detour(x) && x.numel() / in >= CpuHalfCompute.MIN_ROWS) {
      return linearInFloat(x, weight, biasOrNull, DETOUR_CHUNK_ELEMENTS);
    }
    return biasOrNull == null ? torch.linear(x, weight) : torch.linear(x, weight, biasOrNull);
  }

  /**
   * Weight elements upcast at once by the fp32 detour: 4M = 16 MB of fp32, so that no layer holds
   * a whole fp32 copy (converting a whole [11008, 2048] weight at once measured ~10 ns per element,
   * 2M-element slices were no faster than 4M ones).
   */
  static final long DETOUR_CHUNK_ELEMENTS = 1L << 22;

  /**
   * The fp32 detour of {@link #linear} (CpuHalfCompute): x and a slice of W upcast, one fp32 GEMM, the
   * result rounded to x's dtype. W is upcast in slices of output rows, each freed before the next,
   * so a [152k, 2k] head never exists in fp32 at once. Differentiable (casts are autograd ops).
   */
  static Tensor linearInFloat(Tensor x, Tensor weight, Tensor biasOrNull, long chunkElements) {
    ScalarType dtype = x.scalar_type();
    long out = weight.size(0);
    long rows = Math.max(1, chunkElements / weight.size(1));
    Tensor x32 = x.to(ScalarType.Float); // [.., in]
    int parts = (int) ((out + rows - 1) / rows);
    Tensor[] ys = new Tensor[parts];
    for (int i = 0; i < parts; i++) {
      long start = i * rows;
      long n = Math.min(rows, out - start);
      ys[i] = scoped(() -> { // the slice's fp32 copy is freed here, not at the end of the layer
        Tensor w32 = weight.narrow(0, start, n).to(ScalarType.Float); // [n, in]
        Tensor y = biasOrNull == null ? torch.linear(x32, w32)
            : torch.linear(x32, w32, biasOrNull.narrow(0, start, n).to(ScalarType.Float));
        return y.to(dtype); // [.., n]
      });
    }
    return parts == 1 ? ys[0] : cat(-1, ys);
  }

  /**
   * x W^T for x [c, in], W [out, in] -> [c, out] in x's dtype, through the fp32 detour whenever it
   * applies, whatever the row count: lm_head's [152k, 2k] in the policy loss, where one product
   * covers ~311M weight elements and LibTorch's bf16 GEMM on an AVX2-only CPU was the update's
   * slowest op (3B, issue 9).
   */
  public static Tensor headLogits(Tensor x, Tensor weight) {
    return CpuHalfCompute.detour(x) ? linearInFloat(x, weight, null, DETOUR_CHUNK_ELEMENTS) : x.mm(weight.t());
  }

  /**
   * g W for g [c, out], W [out, in] -> [c, in] in g's dtype (d loss / d x of {@link #headLogits}).
   * Under the fp32 detour the sum over {@code out} runs in fp32 over slices of W's rows, each upcast
   * and freed in turn.
   */
  public static Tensor headLogitsGrad(Tensor g, Tensor weight) {
    if (!CpuHalfCompute.detour(g)) return g.mm(weight);
    long out = weight.size(0);
    long rows = Math.max(1, DETOUR_CHUNK_ELEMENTS / weight.size(1));
    Tensor acc = null; // [c, in] f32
    for (long start = 0; start < out; start += rows) {
      long s0 = start, n = Math.min(rows, out - start);
      java.util.function.Supplier<Tensor> part = () -> // [c, in] f32 of rows s0..s0+n
          g.narrow(1, s0, n).to(ScalarType.Float).mm(weight.narrow(0, s0, n).to(ScalarType.Float));
      if (acc == null) {
        acc = scoped(part);
      } else {
        Tensor sum = acc;
        scoped(() -> { // the slice's fp32 copies are freed here
          sum.add_(part.get());
          return new Tensor();
        });
      }
    }
    return acc.to(g.scalar_type());
  }

  /**
   * scaled_dot_product_attention(q, k, v, mask) with q [.., Hq, T, hd], k/v [.., Hkv, K, hd]; mask
   * [.., T, K] bool (true = may attend) or null; gqa lets query head h read kv head h / (Hq/Hkv).
   * 16-bit inputs on a CPU without 16-bit instructions run in fp32 (CpuHalfCompute).
   */
  public static Tensor attention(Tensor q, Tensor k, Tensor v, Tensor maskOrNull, boolean gqa) {
    return CpuHalfCompute.detour(q) ? attentionInFloat(q, k, v, maskOrNull, gqa) : sdpa(q, k, v, maskOrNull, gqa);
  }

  /** The fp32 detour of {@link #attention}: inputs upcast, the output rounded to q's dtype. */
  static Tensor attentionInFloat(Tensor q, Tensor k, Tensor v, Tensor maskOrNull, boolean gqa) {
    ScalarType dtype = q.scalar_type();
    return scoped(() -> sdpa(q.to(ScalarType.Float), k.to(ScalarType.Float), v.to(ScalarType.Float), maskOrNull, gqa)
        .to(dtype));
  }

  private static Tensor sdpa(Tensor q, Tensor k, Tensor v, Tensor maskOrNull, boolean gqa) {
    if (gqa && foldsIntoKvHeads(q, k, maskOrNull)) return sdpaFolded(q, k, v, maskOrNull);
    if (maskOrNull == null && !gqa) return torch.scaled_dot_product_attention(q, k, v);
    org.bytedeco.pytorch.TensorOptional mask = maskOrNull == null ? new org.bytedeco.pytorch.TensorOptional()
        : new org.bytedeco.pytorch.TensorOptional(maskOrNull);
    return torch.scaled_dot_product_attention(q, k, v, mask, 0.0, false, new org.bytedeco.pytorch.DoubleOptional(), gqa);
  }

  /**
   * A decoding step (one query per sequence) whose mask is the same for every head: the G query
   * heads of a KV head can stand in as G query rows of that head, so SDPA runs without its GQA path,
   * which copies K and V G times (tiny model: 436 -> 274 us per call; the 3B's decode copied ~190 MB
   * of fp32 K/V per token). Prefill and training keep the GQA path (folding was slower there).
   */
  private static boolean foldsIntoKvHeads(Tensor q, Tensor k, Tensor maskOrNull) {
    return q.dim() == 4 && k.dim() == 4 && q.size(2) == 1 && q.size(1) % k.size(1) == 0
        && (maskOrNull == null || (maskOrNull.dim() == 4 && maskOrNull.size(1) == 1 && maskOrNull.size(2) == 1));
  }

  /** q [B, Hq, 1, hd] as [B, Hkv, G, hd] against k/v [B, Hkv, K, hd]; query head h = kv * G + j. */
  private static Tensor sdpaFolded(Tensor q, Tensor k, Tensor v, Tensor maskOrNull) {
    long b = q.size(0), hq = q.size(1), hkv = k.size(1), hd = q.size(3);
    Tensor qf = q.reshape(b, hkv, hq / hkv, hd); // [B, Hkv, G, hd]
    Tensor out = maskOrNull == null ? torch.scaled_dot_product_attention(qf, k, v)
        : torch.scaled_dot_product_attention(qf, k, v, new org.bytedeco.pytorch.TensorOptional(maskOrNull), 0.0, false,
            new org.bytedeco.pytorch.DoubleOptional(), false); // mask [B, 1, 1, K] broadcasts over the G rows
    return out.reshape(b, hq, 1, hd); // [B, Hq, 1, hd]
  }

  /** down(silu(gate(x)) * up(x)); biases may be null. */
  public static Tensor swiglu(Tensor x, Tensor gateW, Tensor gateB, Tensor upW, Tensor upB, Tensor downW, Tensor downB) {
    Tensor g = torch.silu(linear(x, gateW, gateB));
    return linear(g.mul(linear(x, upW, upB)), downW, downB);
  }
}
