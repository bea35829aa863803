// The version of the C ABI in native/include/ar1/kernels.h that this Java facade was written for.
// The loader refuses a library whose ar1_abi_version() differs.
package org.anatomyr1.kernels;

/** Constants of the native C ABI ({@code native/include/ar1/kernels.h}). */
public final class KernelAbi {
  /** Must equal {@code AR1_ABI_VERSION} of the loaded libraries. */
  public static final int VERSION = 1;

  private KernelAbi() {}
}
