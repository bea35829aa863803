// The CUDA kernels (libar1_kernels_cuda.so) behind the KernelOps facade; buffers are device
// addresses and every op is asynchronous on its stream.
package org.anatomyr1.kernels;

import java.lang.foreign.MemorySegment;

/**
 * {@link KernelOps} on device memory; obtain with {@link KernelOps#cuda()}. Target ids cannot be
 * range-checked on the host: rows with a bad target get NaN outputs (kernels.h).
 */
public final class CudaKernelOps extends NativeKernelOps {
  private static CudaKernelOps instance;

  private CudaKernelOps(KernelSymbols sym) {
    super(sym);
  }

  /**
   * The singleton.
   *
   * @throws IllegalStateException with the reason when the CUDA library or a device is missing
   */
  static synchronized CudaKernelOps instance() {
    if (instance == null) {
      LoadedLibrary lib = NativeLibraries.cuda().orElseThrow(() -> new IllegalStateException(
          "CUDA kernels unavailable: " + NativeLibraries.cudaUnavailableReason()));
      instance = new CudaKernelOps(new KernelSymbols(lib, "cuda", "ar1_cuda_last_error"));
    }
    return instance;
  }

  @Override
  public Backend backend() {
    return Backend.CUDA;
  }

  @Override
  MemorySegment streamArg(CudaStream stream) {
    return stream == null ? MemorySegment.NULL : MemorySegment.ofAddress(stream.handle());
  }

  @Override
  boolean hostMemory() {
    return false;
  }
}
