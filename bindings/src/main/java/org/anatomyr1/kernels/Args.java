// Java-side argument checks shared by the kernel facades: every bad argument becomes an
// IllegalArgumentException naming the argument and the value, before any native call.
package org.anatomyr1.kernels;

import java.lang.foreign.MemorySegment;

final class Args {
  private Args() {}

  static void nonNegative(String name, long value) {
    if (value < 0) {
      throw new IllegalArgumentException(name + " must be >= 0, got " + value);
    }
  }

  static void positiveFinite(String name, float value) {
    if (!(value > 0f && Float.isFinite(value))) {
      throw new IllegalArgumentException(name + " must be finite and > 0, got " + value);
    }
  }

  /** {@code a * b} for sizes; overflow is an argument error, not a wrapped size. */
  static long product(String what, long a, long b) {
    try {
      return Math.multiplyExact(a, b);
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException(what + " overflows a 64-bit byte count: " + a + " * " + b);
    }
  }

  /** A required buffer: non-null, native, aligned to its element size, at least {@code bytes}. */
  static void segment(String name, MemorySegment s, long bytes, int elemSize) {
    if (s == null) {
      throw new IllegalArgumentException(name + " must not be null");
    }
    optionalSegment(name, s, bytes, elemSize);
  }

  /** A nullable buffer (NULL in C); when present, checked like {@link #segment}. */
  static void optionalSegment(String name, MemorySegment s, long bytes, int elemSize) {
    if (s == null) {
      return;
    }
    if (!s.isNative()) {
      throw new IllegalArgumentException(name
          + " must be a native (off-heap) segment, got a heap segment; allocate it with an Arena");
    }
    if (s.address() == 0L && bytes > 0) {
      throw new IllegalArgumentException(name + " is the NULL address but " + bytes + " bytes are needed");
    }
    if (s.byteSize() < bytes) {
      throw new IllegalArgumentException(name + " is too small: " + s.byteSize() + " bytes, need " + bytes);
    }
    if (elemSize > 1 && s.address() % elemSize != 0) {
      throw new IllegalArgumentException(name + " address 0x" + Long.toHexString(s.address())
          + " is not aligned to its " + elemSize + "-byte elements");
    }
  }

  /** True when the two address ranges [a, a+na) and [b, b+nb) intersect. */
  static boolean overlaps(MemorySegment a, long na, MemorySegment b, long nb) {
    if (na == 0 || nb == 0) {
      return false;
    }
    long a0 = a.address();
    long b0 = b.address();
    return a0 < b0 + nb && b0 < a0 + na;
  }
}
