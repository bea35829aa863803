// Element types of kernel buffers, mirroring enum ar1_dtype in kernels.h.
package org.anatomyr1.kernels;

/** Element type of logits / image buffers ({@code ar1_dtype}). */
public enum DType {
  /** IEEE float32. */
  F32(0, 4),
  /** bfloat16 as raw uint16 bit patterns. */
  BF16(1, 2),
  /** uint8, images only: value / 255 in [0, 1]. */
  U8(2, 1);

  private final int code;
  private final int byteSize;

  DType(int code, int byteSize) {
    this.code = code;
    this.byteSize = byteSize;
  }

  /** The {@code ar1_dtype} value passed to the native call. */
  public int code() {
    return code;
  }

  /** Bytes per element. */
  public int byteSize() {
    return byteSize;
  }
}
