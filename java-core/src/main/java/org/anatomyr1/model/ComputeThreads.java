// The one place that decides CPU threads for everything that computes: LibTorch's intra-op pool
// (OpenMP), OpenBLAS's own pthread pool (LibTorch's fp32 GEMM) and our OpenMP kernels. threads = 0
// means all cores. Measured cause of the old threads=0 slowdown (7x on the tiny model): idle OpenMP
// workers spin-wait and take the cores OpenBLAS's threads need inside a GEMM, so OpenMP is told to
// sleep when idle (OMP_WAIT_POLICY=PASSIVE, set by the launcher and by prepare() before LibTorch loads).
package org.anatomyr1.model;

import org.anatomyr1.kernels.KernelOps;
import org.anatomyr1.kernels.ProcessEnvironment;
import org.bytedeco.pytorch.global.torch;

public final class ComputeThreads {
  private ComputeThreads() {}

  /**
   * Call first thing in a process, before any LibTorch class loads: OpenMP reads its wait policy
   * once, when libgomp is loaded. A value the user exported wins. Entry points then load the native
   * libraries with {@link NativeLibraryCache#load()} before their first LibTorch call.
   */
  public static void prepare() {
    ProcessEnvironment.setDefault("OMP_WAIT_POLICY", "PASSIVE");
    skipPhysicalBytesCheck();
  }

  /** JavaCPP's system property for its resident-memory limit (0 = no limit, no check). */
  static final String MAX_PHYSICAL_BYTES = "org.bytedeco.javacpp.maxPhysicalBytes";

  /**
   * Turns off JavaCPP's resident-memory check unless the user set the property (-D wins): JavaCPP
   * reads /proc/self/statm on every native allocation it registers (each Tensor handle), which
   * measured 5.6% of a tiny-model GRPO step (JFR, issue 9), and once RSS passes its limit (3x the
   * heap limit by default: ~18 GB on a 24 GiB machine) it calls System.gc() and sleeps 100 ms per
   * allocation. Native memory here is freed by PointerScopes and owners' close(), not by GC.
   * Must run before any JavaCPP class loads (JavaCPP reads the property once).
   */
  static void skipPhysicalBytesCheck() {
    if (System.getProperty(MAX_PHYSICAL_BYTES) == null && System.getProperty(MAX_PHYSICAL_BYTES.toLowerCase()) == null) {
      System.setProperty(MAX_PHYSICAL_BYTES, "0");
    }
  }

  /** The thread count {@code requested} stands for (0 = all cores). */
  public static int resolve(int requested) {
    if (requested < 0) throw new IllegalArgumentException("threads must be >= 0 (0 = all cores), got " + requested);
    return requested == 0 ? Runtime.getRuntime().availableProcessors() : requested;
  }

  /** Applies {@code requested} (0 = all cores) to LibTorch, OpenBLAS and our kernels; returns the count. */
  public static int apply(int requested) {
    int n = resolve(requested);
    torch.set_num_threads(n);
    org.anatomyr1.kernels.OpenBlasThreads.set(n); // after torch: LibTorch has loaded it
    KernelOps.cpu().setThreads(n);
    return n;
  }
}
