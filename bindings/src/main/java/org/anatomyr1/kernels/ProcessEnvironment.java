// Sets process environment variables from Java through libc's setenv (FFM), for settings that
// native runtimes read once, when they are loaded (OMP_WAIT_POLICY for libgomp): called before the
// first LibTorch class is touched, it reaches them even when the launcher script did not export it.
package org.anatomyr1.kernels;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

public final class ProcessEnvironment {
  private ProcessEnvironment() {}

  private static final MethodHandle SETENV = Linker.nativeLinker().defaultLookup().find("setenv")
      .map(s -> Linker.nativeLinker().downcallHandle(s,
          FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.JAVA_INT)))
      .orElse(null);

  /**
   * Sets {@code name=value} in the process environment unless it is already set (the user's value
   * wins); returns the value in effect. Java's System.getenv() keeps its start-up copy.
   */
  public static String setDefault(String name, String value) {
    String existing = System.getenv(name);
    if (existing != null) return existing;
    if (SETENV == null) return null;
    try (Arena arena = Arena.ofConfined()) {
      int rc = (int) SETENV.invokeExact(arena.allocateFrom(name), arena.allocateFrom(value), 0);
      return rc == 0 ? value : null;
    } catch (Throwable t) {
      throw new IllegalStateException("setenv(" + name + ") failed: " + t, t);
    }
  }
}
