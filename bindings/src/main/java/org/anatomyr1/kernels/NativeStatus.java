// The one place where a native ar1_status becomes a Java exception (cuVS checkCuVSError style).
package org.anatomyr1.kernels;

import java.util.function.Supplier;

/** Checks {@code ar1_status} return codes. */
public final class NativeStatus {
  /** {@code AR1_OK}. */
  public static final int OK = 0;
  /** {@code AR1_ERR_INVALID_ARGUMENT}. */
  public static final int INVALID_ARGUMENT = 1;
  /** {@code AR1_ERR_CUDA}. */
  public static final int CUDA = 2;
  /** {@code AR1_ERR_UNSUPPORTED}. */
  public static final int UNSUPPORTED = 3;
  /** {@code AR1_ERR_INTERNAL}. */
  public static final int INTERNAL = 4;

  private NativeStatus() {}

  /** The C enumerator name of a status code. */
  public static String name(int status) {
    return switch (status) {
      case OK -> "AR1_OK";
      case INVALID_ARGUMENT -> "AR1_ERR_INVALID_ARGUMENT";
      case CUDA -> "AR1_ERR_CUDA";
      case UNSUPPORTED -> "AR1_ERR_UNSUPPORTED";
      case INTERNAL -> "AR1_ERR_INTERNAL";
      default -> "UNKNOWN_STATUS(" + status + ")";
    };
  }

  /**
   * Returns when {@code status == AR1_OK}; otherwise throws a {@link KernelException} with the op,
   * the status name and the library's last error. Must run on the thread that made the call
   * (the message is thread-local).
   */
  public static void check(String op, int status, Supplier<String> lastError) {
    if (status == OK) {
      return;
    }
    String message;
    try {
      message = lastError.get();
    } catch (RuntimeException e) {
      message = "(ar1_last_error unavailable: " + e + ")";
    }
    throw new KernelException(op, status, message);
  }
}
