// The downcall handles of one kernel library (the four kernels + its last-error accessor),
// created once per library from the signatures in kernels.h.
package org.anatomyr1.kernels;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

final class KernelSymbols {
  final LoadedLibrary library;
  final String suffix; // "cpu" | "cuda"
  final MethodHandle tokenLogprobs;
  final MethodHandle policyLoss;
  final MethodHandle groupAdvantages;
  final MethodHandle imageNoise;
  private final MethodHandle lastError;

  KernelSymbols(LoadedLibrary library, String suffix, String lastErrorSymbol) {
    this.library = library;
    this.suffix = suffix;
    this.tokenLogprobs = find("ar1_token_logprobs_" + suffix, FunctionDescriptor.of(JAVA_INT,
        ADDRESS, JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_LONG, ADDRESS, JAVA_FLOAT,
        ADDRESS, ADDRESS, ADDRESS, ADDRESS));
    this.policyLoss = find("ar1_policy_loss_" + suffix, FunctionDescriptor.of(JAVA_INT,
        ADDRESS, JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_LONG, ADDRESS,
        ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS,
        JAVA_INT, JAVA_FLOAT, JAVA_FLOAT, JAVA_FLOAT, JAVA_FLOAT,
        ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS));
    this.groupAdvantages = find("ar1_group_advantages_" + suffix, FunctionDescriptor.of(JAVA_INT,
        ADDRESS, JAVA_LONG, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_FLOAT,
        ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS));
    this.imageNoise = find("ar1_image_noise_" + suffix, FunctionDescriptor.of(JAVA_INT,
        ADDRESS, ADDRESS, JAVA_INT, JAVA_LONG, JAVA_FLOAT, JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_INT,
        ADDRESS));
    this.lastError = find(lastErrorSymbol, NativeLibraries.C_STRING_FN);
  }

  MethodHandle find(String name, FunctionDescriptor fd) {
    MemorySegment fn = library.lookup().find(name).orElseThrow(() -> new IllegalStateException(
        library.path() + " does not export " + name + " (library and facade out of sync?)"));
    return Linker.nativeLinker().downcallHandle(fn, fd);
  }

  /** Like {@link #find}, or null where the library predates the symbol (an optional, CPU-only op). */
  MethodHandle findOptional(String name, FunctionDescriptor fd) {
    return library.lookup().find(name).map(fn -> Linker.nativeLinker().downcallHandle(fn, fd)).orElse(null);
  }

  /** The thread-local last error of this library. */
  String lastError() {
    try {
      return NativeLibraries.cString((MemorySegment) lastError.invokeExact());
    } catch (Throwable t) {
      return "(last error unavailable: " + t + ")";
    }
  }
}
