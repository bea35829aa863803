// The CPU twins (libar1_kernels.so, OpenMP + SIMD) behind the KernelOps facade, plus the thread
// count control of the CPU library.
package org.anatomyr1.kernels;

import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/** {@link KernelOps} on host memory; obtain with {@link KernelOps#cpu()}. */
public final class CpuKernelOps extends NativeKernelOps {
  private static CpuKernelOps instance;

  private final KernelSymbols sym;
  private final MethodHandle setThreads;
  private final MethodHandle getThreads;

  private CpuKernelOps(KernelSymbols sym) {
    super(sym);
    this.sym = sym;
    this.setThreads = sym.find("ar1_set_num_threads_cpu", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    this.getThreads = sym.find("ar1_get_num_threads_cpu", FunctionDescriptor.of(JAVA_INT));
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

  /** The OpenMP thread count the CPU ops use. */
  public int threads() {
    try {
      return (int) getThreads.invokeExact();
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }
}
