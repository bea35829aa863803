// A native kernel returned a non-zero ar1_status: carries the op, the status and ar1_last_error().
package org.anatomyr1.kernels;

/** Unchecked failure reported by a native kernel (never an argument error caught in Java). */
public final class KernelException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String op;
  private final int status;
  private final String nativeMessage;

  /**
   * @param op native function name, e.g. {@code ar1_policy_loss_cpu}
   * @param status the non-zero {@code ar1_status}
   * @param nativeMessage the library's last-error text ("" when none)
   */
  public KernelException(String op, int status, String nativeMessage) {
    super(op + " failed with " + NativeStatus.name(status) + ": "
        + (nativeMessage == null || nativeMessage.isEmpty() ? "(no message)" : nativeMessage));
    this.op = op;
    this.status = status;
    this.nativeMessage = nativeMessage == null ? "" : nativeMessage;
  }

  /** The native function that failed. */
  public String op() {
    return op;
  }

  /** The raw {@code ar1_status} code. */
  public int status() {
    return status;
  }

  /** The status name, e.g. {@code AR1_ERR_INVALID_ARGUMENT}. */
  public String statusName() {
    return NativeStatus.name(status);
  }

  /** The text of {@code ar1_last_error()} / {@code ar1_cuda_last_error()}. */
  public String nativeMessage() {
    return nativeMessage;
  }
}
