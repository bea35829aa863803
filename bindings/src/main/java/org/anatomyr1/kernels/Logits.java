// A logits matrix as the kernels see it: n rows of v entries, row r at element r * rowStride.
package org.anatomyr1.kernels;

import java.lang.foreign.MemorySegment;

/**
 * Logits buffer of the token kernels. // [n, v] with row stride rowStride (elements)
 *
 * @param data host memory (CPU) or a device address wrapped as a segment (CUDA)
 * @param dtype {@link DType#F32} or {@link DType#BF16}
 * @param n rows (tokens), >= 0
 * @param v vocabulary size, >= 1
 * @param rowStride elements between row starts, >= v
 */
public record Logits(MemorySegment data, DType dtype, long n, long v, long rowStride) {

  /** Validates the shape and that {@code data} holds every row. */
  public Logits {
    if (dtype != DType.F32 && dtype != DType.BF16) {
      throw new IllegalArgumentException("logits dtype must be F32 or BF16, got " + dtype);
    }
    Args.nonNegative("logits n", n);
    if (v < 1) {
      throw new IllegalArgumentException("logits v must be >= 1, got " + v);
    }
    if (rowStride < v) {
      throw new IllegalArgumentException("logits rowStride must be >= v = " + v + ", got " + rowStride);
    }
    Args.segment("logits", data, byteSize(dtype, n, v, rowStride), dtype.byteSize());
  }

  /** Dense rows ({@code rowStride == v}). */
  public static Logits dense(MemorySegment data, DType dtype, long n, long v) {
    return new Logits(data, dtype, n, v, v);
  }

  /** Bytes the kernel touches: {@code ((n - 1) * rowStride + v) * elemSize}, 0 when n == 0. */
  public long byteSize() {
    return byteSize(dtype, n, v, rowStride);
  }

  static long byteSize(DType dtype, long n, long v, long rowStride) {
    if (n == 0) {
      return 0;
    }
    long elems = Args.product("logits n * rowStride", n - 1, rowStride);
    return Args.product("logits bytes", Math.addExact(elems, v), dtype.byteSize());
  }
}
