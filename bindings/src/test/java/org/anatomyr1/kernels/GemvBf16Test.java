// The facade of the CPU-only bf16 matrix-vector kernel (CpuKernelOps.gemvBf16, kernels.h section 5):
// a hand-computed product with bias and two rows of x, in exactly representable values; and the
// argument checks on the Java side (sizes, buffer lengths: the facades' shared Args checks) before
// anything reaches the native call.
package org.anatomyr1.kernels;

import static java.lang.foreign.ValueLayout.JAVA_SHORT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

class GemvBf16Test {
  private static MemorySegment bf16(Arena a, float... v) {
    MemorySegment s = a.allocate(JAVA_SHORT, v.length);
    for (int i = 0; i < v.length; i++) s.setAtIndex(JAVA_SHORT, i, Bf16.fromFloat(v[i]));
    return s;
  }

  private static float[] floats(MemorySegment s, int n) {
    float[] out = new float[n];
    for (int i = 0; i < n; i++) out[i] = Bf16.toFloat(s.getAtIndex(JAVA_SHORT, i));
    return out;
  }

  @Test
  void handComputedProductWithBiasForTwoRows() {
    CpuKernelOps ops = KernelOps.cpu();
    assertTrue(ops.hasGemvBf16(), "the built library exports ar1_gemv_bf16_cpu");
    try (Arena a = Arena.ofConfined()) {
      MemorySegment w = bf16(a, 1, 2, 3, 4, 5, 6, -1, 0.5f, 0.25f); // [n = 3, k = 3]
      MemorySegment x = bf16(a, 1, 1, 1, 2, 0, -4); // [m = 2, k = 3]
      MemorySegment bias = bf16(a, 0.5f, -1, 2);
      MemorySegment y = a.allocate(JAVA_SHORT, 6);
      ops.gemvBf16(w, x, bias, y, 2, 3, 3);
      // row 0: (1+2+3)+0.5, (4+5+6)-1, (-1+0.5+0.25)+2; row 1: (2-12)+0.5, (8-24)-1, (-2-1)+2
      assertArrayEquals(new float[] {6.5f, 14f, 1.75f, -9.5f, -17f, -1f}, floats(y, 6));
    }
  }

  @Test
  void rejectsBadSizesAndShortBuffersNamingThem() {
    CpuKernelOps ops = KernelOps.cpu();
    try (Arena a = Arena.ofConfined()) {
      MemorySegment w = bf16(a, 1, 2, 3, 4), x = bf16(a, 1, 1), y = a.allocate(JAVA_SHORT, 1);
      var e = assertThrows(IllegalArgumentException.class, () -> ops.gemvBf16(w, x, null, y, 1, 2, 2));
      assertTrue(e.getMessage().contains("y is too small: 2 bytes, need 4"), e.getMessage());
      e = assertThrows(IllegalArgumentException.class, () -> ops.gemvBf16(w, x, null, y, 0, 2, 2));
      assertTrue(e.getMessage().contains("m, n, k must be >= 1"), e.getMessage());
      e = assertThrows(IllegalArgumentException.class, () -> ops.gemvBf16(w, x, bf16(a, 1), a.allocate(JAVA_SHORT, 2), 1, 2, 2));
      assertTrue(e.getMessage().contains("bias is too small: 2 bytes, need 4"), e.getMessage());
    }
  }
}
