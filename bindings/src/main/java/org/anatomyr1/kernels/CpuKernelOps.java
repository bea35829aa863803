// The CPU twins (libar1_kernels.so, OpenMP + SIMD) behind the KernelOps facade, plus the thread
// count control of the CPU library.
package org.anatomyr1.kernels;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/** {@link KernelOps} on host memory; obtain with {@link KernelOps#cpu()}. */
public final class CpuKernelOps extends NativeKernelOps {
  private static CpuKernelOps instance;

  private final KernelSymbols sym;
  private final MethodHandle setThreads;
  private final MethodHandle getThreads;
  private final MethodHandle gemvBf16;

  private CpuKernelOps(KernelSymbols sym) {
    super(sym);
    this.sym = sym;
    this.setThreads = sym.find("ar1_set_num_threads_cpu", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    this.getThreads = sym.find("ar1_get_num_threads_cpu", FunctionDescriptor.of(JAVA_INT));
    // optional: a kernel library built before this op still serves the four kernels
    this.gemvBf16 = sym.findOptional("ar1_gemv_bf16_cpu", FunctionDescriptor.of(JAVA_INT,
        ADDRESS, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG, JAVA_LONG, JAVA_LONG));
  }

  /** The singleton, with its downcall handles created on first use. */
  static synchronized CpuKernelOps instance() {
    if (instance == null) {
      instance = new CpuKernelOps(new KernelSymbols(NativeLibraries.cpu(), "cpu", "ar1_last_error"));
    }
    return instance;
  }

  @Override
  public Backend backend() {
    return Backend.CPU;
  }

  @Override
  MemorySegment streamArg(CudaStream stream) {
    if (stream != null && stream.handle() != 0L) {
      throw new IllegalArgumentException("stream must be null or CudaStream.DEFAULT for CPU ops, got " + stream);
    }
    return MemorySegment.NULL;
  }

  @Override
  boolean hostMemory() {
    return true;
  }

  /**
   * Sets the OpenMP thread count of the CPU ops (process-wide).
   *
   * @param n >= 1
   */
  public void setThreads(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("threads must be >= 1, got " + n);
    }
    int status;
    try {
      status = (int) setThreads.invokeExact(n);
    } catch (Throwable t) {
      throw rethrow(t);
    }
    NativeStatus.check("ar1_set_num_threads_cpu", status, sym::lastError);
  }

  /**
   * y = x w^T + bias in bf16 with fp32 accumulation, for a few rows of x (kernels.h section 5; CPU
   * only, no CUDA twin). All buffers hold raw bf16, row-major and contiguous.
   *
   * @param w [n, k]
   * @param x [m, k]
   * @param biasOrNull [n], or null
   * @param y [m, n], written; must not overlap the inputs
   */
  public void gemvBf16(MemorySegment w, MemorySegment x, MemorySegment biasOrNull, MemorySegment y, long m, long n,
      long k) {
    if (gemvBf16 == null) {
      throw new UnsupportedOperationException(sym.library.path() + " predates ar1_gemv_bf16_cpu (rebuild native/)");
    }
    if (m < 1 || n < 1 || k < 1) {
      throw new IllegalArgumentException("gemvBf16: m, n, k must be >= 1, got " + m + ", " + n + ", " + k);
    }
    long wBytes = Args.product("w", Args.product("w", n, k), 2);
    long xBytes = Args.product("x", Args.product("x", m, k), 2);
    long yBytes = Args.product("y", Args.product("y", m, n), 2);
    Args.segment("w", w, wBytes, 2);
    Args.segment("x", x, xBytes, 2);
    Args.optionalSegment("bias", biasOrNull, n * 2, 2);
    Args.segment("y", y, yBytes, 2);
    if (y.isReadOnly()) throw new IllegalArgumentException("y is a read-only segment but is written");
    if (Args.overlaps(y, yBytes, w, wBytes) || Args.overlaps(y, yBytes, x, xBytes)
        || (biasOrNull != null && Args.overlaps(y, yBytes, biasOrNull, n * 2))) {
      throw new IllegalArgumentException("y must not overlap w, x or bias");
    }
    int status;
    try {
      status = (int) gemvBf16.invokeExact(w, x, orNull(biasOrNull), y, m, n, k);
    } catch (Throwable t) {
      throw rethrow(t);
    }
    NativeStatus.check("ar1_gemv_bf16_cpu", status, sym::lastError);
  }

  /** Whether the loaded library has {@link #gemvBf16} (libraries built before it do not). */
  public boolean hasGemvBf16() {
    return gemvBf16 != null;
  }

  /** The OpenMP thread count the CPU ops use. */
  public int threads() {
    try {
      return (int) getThreads.invokeExact();
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }
}
