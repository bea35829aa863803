// Decoding's bf16 linear layers on a CPU without bf16 instructions, through our own
// ar1_gemv_bf16_cpu (native/src/cpu/gemv_bf16.cpp). There LibTorch 2.10's bf16 linear converts
// too slowly to reach memory bandwidth and costs about one weight pass per row of x; ours reads
// the weight once for up to four rows (docs/BENCHMARKS.md, "bf16 decode"). Inference only: the
// native op records no autograd graph, so it is taken only when nothing requires a gradient.
package org.anatomyr1.model.core;

import org.anatomyr1.kernels.CpuKernelOps;
import org.anatomyr1.kernels.KernelOps;
import org.anatomyr1.torchinterop.Bf16GemvCall;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;

public final class CpuBf16Gemv {
  private CpuBf16Gemv() {}

  /** -Dar1.cpuBf16Gemv=off keeps LibTorch's own bf16 linear (to compare the two). */
  public static final String PROPERTY = "ar1.cpuBf16Gemv";

  /** The CPU kernel library, or null where it cannot load or is switched off (then LibTorch's op runs). */
  private static final CpuKernelOps KERNELS = load();

  private static CpuKernelOps load() {
    if (System.getProperty(PROPERTY, "on").equals("off")) return null;
    try {
      CpuKernelOps ops = KernelOps.cpu();
      return ops.hasGemvBf16() ? ops : null;
    } catch (RuntimeException | LinkageError e) {
      return null;
    }
  }

  /**
   * True for a bf16 linear on a CPU where 16-bit GEMM is slow (CpuHalfCompute), with fewer rows
   * than the fp32 detour takes over at, and no tensor requiring a gradient.
   */
  static boolean applies(Tensor x, Tensor weight, Tensor biasOrNull) {
    if (KERNELS == null || !CpuHalfCompute.detour(x) || !isBf16(weight) || !weight.is_cpu() || weight.dim() != 2) {
      return false;
    }
    if (biasOrNull != null && (!isBf16(biasOrNull) || !biasOrNull.is_cpu() || biasOrNull.requires_grad())) return false;
    long rows = x.numel() / weight.size(1);
    return x.size(-1) == weight.size(1) && rows >= 1 && rows < CpuHalfCompute.MIN_ROWS
        && !x.requires_grad() && !weight.requires_grad();
  }

  /** x W^T + b: x [.., in] bf16, W [out, in] bf16 -> [.., out] bf16 (fp32 accumulation). */
  public static Tensor linear(Tensor x, Tensor weight, Tensor biasOrNull) {
    long in = weight.size(1), out = weight.size(0), rows = x.numel() / in;
    Tensor xc = x.contiguous(); // [rows, in] in memory
    Tensor wc = weight.contiguous(); // a view of the mapped file already: no copy
    Tensor bc = biasOrNull == null ? null : biasOrNull.contiguous();
    long[] shape = x.sizes().vec().get(); // [.., in] -> [.., out]
    shape[shape.length - 1] = out;
    Tensor y;
    try (TensorOptions o = new TensorOptions(ScalarType.BFloat16)) {
      y = torch.full(shape, new Scalar(0.0), o); // [.., out]: small (rows x out)
    }
    Bf16GemvCall.run(KERNELS, wc, xc, bc, y, rows, out, in);
    return y;
  }

  private static boolean isBf16(Tensor t) {
    return t.scalar_type().value == ScalarType.BFloat16.value;
  }
}
