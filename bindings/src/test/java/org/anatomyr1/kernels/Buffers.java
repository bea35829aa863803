// Test helpers moving Java arrays in and out of native segments.
package org.anatomyr1.kernels;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

final class Buffers {
  private Buffers() {}

  static MemorySegment floats(Arena a, float[] x) {
    MemorySegment s = a.allocate(JAVA_FLOAT, Math.max(1, x.length));
    MemorySegment.copy(x, 0, s, JAVA_FLOAT, 0, x.length);
    return s.asSlice(0, 4L * x.length);
  }

  static MemorySegment longs(Arena a, long[] x) {
    MemorySegment s = a.allocate(JAVA_LONG, Math.max(1, x.length));
    MemorySegment.copy(x, 0, s, JAVA_LONG, 0, x.length);
    return s.asSlice(0, 8L * x.length);
  }

  static MemorySegment shorts(Arena a, short[] x) {
    MemorySegment s = a.allocate(JAVA_SHORT, Math.max(1, x.length));
    MemorySegment.copy(x, 0, s, JAVA_SHORT, 0, x.length);
    return s.asSlice(0, 2L * x.length);
  }

  static MemorySegment bytes(Arena a, byte[] x) {
    MemorySegment s = a.allocate(JAVA_BYTE, Math.max(1, x.length));
    MemorySegment.copy(x, 0, s, JAVA_BYTE, 0, x.length);
    return s.asSlice(0, x.length);
  }

  /** A float buffer filled with NaN, so unwritten outputs show up. */
  static MemorySegment floatOut(Arena a, long n) {
    MemorySegment s = a.allocate(JAVA_FLOAT, Math.max(1, n));
    s.fill((byte) 0xFF);
    return s.asSlice(0, 4L * n);
  }

  static MemorySegment byteOut(Arena a, long n) {
    MemorySegment s = a.allocate(JAVA_BYTE, Math.max(1, n));
    s.fill((byte) 0x7F);
    return s.asSlice(0, n);
  }

  static float[] toFloats(MemorySegment s) {
    return s.toArray(JAVA_FLOAT);
  }

  static short[] toShorts(MemorySegment s) {
    return s.toArray(JAVA_SHORT);
  }

  static byte[] toBytes(MemorySegment s) {
    return s.toArray(JAVA_BYTE);
  }
}
