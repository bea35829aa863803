// Backend discovery and selection ("cpu" | "cuda" | "auto"), saying why CUDA is unavailable
// instead of failing obscurely (cuVS UnsupportedProvider style).
package org.anatomyr1.kernels;

import java.util.Locale;

/** Describes the kernel backends and picks one by name. */
public final class Backends {
  private Backends() {}

  /**
   * Loads the CPU library (and probes CUDA) and describes both.
   *
   * @throws IllegalStateException when even the CPU library cannot be loaded
   */
  public static BackendInfo describe() {
    LoadedLibrary cpu = NativeLibraries.cpu();
    int threads = KernelOps.cpu().threads();
    var cuda = NativeLibraries.cuda();
    return new BackendInfo(cpu.path(), cpu.abiVersion(), threads, cuda.isPresent(),
        cuda.map(LoadedLibrary::path).orElse(null), NativeLibraries.cudaDevices(),
        NativeLibraries.cudaUnavailableReason());
  }

  /**
   * Resolves a backend name.
   *
   * @param requested "cpu", "cuda" or "auto" (CUDA when available, else CPU); case-insensitive
   * @throws IllegalArgumentException for any other name (listing the valid ones)
   * @throws IllegalStateException for "cuda" when CUDA is unavailable, with the reason
   */
  public static Backend select(String requested) {
    String name = requested == null ? "" : requested.trim().toLowerCase(Locale.ROOT);
    return switch (name) {
      case "cpu" -> Backend.CPU;
      case "auto" -> NativeLibraries.cuda().isPresent() ? Backend.CUDA : Backend.CPU;
      case "cuda" -> {
        if (NativeLibraries.cuda().isEmpty()) {
          throw new IllegalStateException("backend 'cuda' requested but CUDA is unavailable: "
              + NativeLibraries.cudaUnavailableReason());
        }
        yield Backend.CUDA;
      }
      default -> throw new IllegalArgumentException("unknown backend '" + requested
          + "'; valid: cpu, cuda, auto");
    };
  }
}
