// The two kernel backends: the CPU twins (libar1_kernels) and the CUDA kernels (libar1_kernels_cuda).
package org.anatomyr1.kernels;

/** Where a kernel runs. */
public enum Backend {
  /** OpenMP + SIMD twins in libar1_kernels.so; host memory. */
  CPU,
  /** CUDA kernels in libar1_kernels_cuda.so; device memory, asynchronous on a stream. */
  CUDA
}
