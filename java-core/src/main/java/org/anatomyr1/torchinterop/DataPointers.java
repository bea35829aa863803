// Identity of tensor memory: whether two LibTorch tensors start at the same address (tied weights,
// a dtype/device conversion that returned its input). Compares addresses, never dereferences them.
package org.anatomyr1.torchinterop;

import org.bytedeco.pytorch.Tensor;

public final class DataPointers {
  private DataPointers() {}

  /** True when {@code a} and {@code b} have the same data pointer. */
  public static boolean same(Tensor a, Tensor b) {
    return a.data_ptr().address() == b.data_ptr().address();
  }
}
