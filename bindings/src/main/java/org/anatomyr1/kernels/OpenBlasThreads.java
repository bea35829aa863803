// The thread count of the OpenBLAS that LibTorch's CPU GEMM calls. The JavaCPP openblas preset
// does not map openblas_set_num_threads, so it is called through FFM on the library already loaded
// under its soname (dlopen by soname returns the loaded copy). Call after LibTorch has loaded.
package org.anatomyr1.kernels;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Optional;

public final class OpenBlasThreads {
  private OpenBlasThreads() {}

  private static final String SONAME = "libopenblas.so.0";
  private static volatile MethodHandle[] handles; // {set, get}, or empty when absent

  private static MethodHandle[] handles() {
    MethodHandle[] h = handles;
    if (h != null) return h;
    synchronized (OpenBlasThreads.class) {
      if (handles != null) return handles;
      MethodHandle[] found = new MethodHandle[0];
      try {
        SymbolLookup lib = SymbolLookup.libraryLookup(SONAME, Arena.global());
        Optional<java.lang.foreign.MemorySegment> set = lib.find("openblas_set_num_threads");
        Optional<java.lang.foreign.MemorySegment> get = lib.find("openblas_get_num_threads");
        if (set.isPresent() && get.isPresent()) {
          Linker l = Linker.nativeLinker();
          found = new MethodHandle[] {l.downcallHandle(set.get(), FunctionDescriptor.ofVoid(ValueLayout.JAVA_INT)),
              l.downcallHandle(get.get(), FunctionDescriptor.of(ValueLayout.JAVA_INT))};
        }
      } catch (IllegalArgumentException notLoaded) {
        // no OpenBLAS in this process: nothing to configure
      }
      handles = found;
      return found;
    }
  }

  /** Sets OpenBLAS's threads; false when no OpenBLAS is loaded. */
  public static boolean set(int n) {
    if (n < 1) throw new IllegalArgumentException("threads must be >= 1, got " + n);
    MethodHandle[] h = handles();
    if (h.length == 0) return false;
    try {
      h[0].invokeExact(n);
      return true;
    } catch (Throwable t) {
      throw new IllegalStateException("openblas_set_num_threads failed: " + t, t);
    }
  }

  /** OpenBLAS's thread count, or -1 when no OpenBLAS is loaded. */
  public static int get() {
    MethodHandle[] h = handles();
    if (h.length == 0) return -1;
    try {
      return (int) h[1].invokeExact();
    } catch (Throwable t) {
      throw new IllegalStateException("openblas_get_num_threads failed: " + t, t);
    }
  }
}
