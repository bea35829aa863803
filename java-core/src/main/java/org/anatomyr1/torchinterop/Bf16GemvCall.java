// The downcall of our bf16 matrix-vector kernel on LibTorch CPU tensors (CpuBf16Gemv): each
// tensor's memory handed over as a segment for the duration of the call, while the tensors are alive.
package org.anatomyr1.torchinterop;

import java.lang.foreign.MemorySegment;
import org.anatomyr1.kernels.CpuKernelOps;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.pytorch.Tensor;

public final class Bf16GemvCall {
  private Bf16GemvCall() {}

  /**
   * y = x w^T + bias through {@link CpuKernelOps#gemvBf16}; all contiguous bf16 CPU tensors:
   * w [out, in], x [rows, in], bias [out] or null, y [rows, out] (written).
   */
  public static void run(CpuKernelOps kernels, Tensor w, Tensor x, Tensor biasOrNull, Tensor y, long rows, long out,
      long in) {
    kernels.gemvBf16(segment(w, out * in), segment(x, rows * in), biasOrNull == null ? null : segment(biasOrNull, out),
        segment(y, rows * out), rows, out, in);
  }

  /** The first {@code elements} bf16 elements of a contiguous CPU tensor. */
  private static MemorySegment segment(Tensor t, long elements) {
    if (!t.is_cpu() || !t.is_contiguous() || t.numel() < elements || t.element_size() != 2) {
      throw new IllegalArgumentException("bf16 GEMV: need a contiguous 16-bit CPU tensor of at least " + elements
          + " elements, got " + t.numel() + " of " + t.element_size() + " bytes");
    }
    Pointer p = t.data_ptr();
    return MemorySegment.ofAddress(p.address()).reinterpret(elements * 2);
  }
}
