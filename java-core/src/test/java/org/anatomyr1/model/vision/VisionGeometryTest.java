// Window index, its inverse and the attention segments against the worked examples of
// shared/research/qwen2_5_vl_spec.md §4.2-4.8 (window 112 px = 4x4 merged tokens).
package org.anatomyr1.model.vision;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class VisionGeometryTest {
  @Test
  void grid8x12() {
    VisionGeometry g = VisionGeometry.of(new long[][] {{1, 8, 12}}, 2, 4);
    assertArrayEquals(new int[] {0, 1, 2, 3, 6, 7, 8, 9, 12, 13, 14, 15, 18, 19, 20, 21, 4, 5, 10, 11, 16, 17, 22, 23},
        g.windowIndex);
    assertArrayEquals(new int[] {0, 64, 96}, g.cuWindowSeqlens);
    assertArrayEquals(new int[] {0, 96}, g.cuSeqlens);
    assertArrayEquals(new int[] {0, 1, 2, 3, 16, 17, 4, 5, 6, 7, 18, 19, 8, 9, 10, 11, 20, 21, 12, 13, 14, 15, 22, 23},
        g.inverseWindowIndex());
    int[][] firstEight = {{0, 0}, {0, 1}, {1, 0}, {1, 1}, {0, 2}, {0, 3}, {1, 2}, {1, 3}};
    for (int i = 0; i < 8; i++) {
      assertEquals(firstEight[i][0], g.rowPos[i]);
      assertEquals(firstEight[i][1], g.colPos[i]);
    }
  }

  @Test
  void grid34x46AndTwoImages() {
    VisionGeometry g = VisionGeometry.of(new long[][] {{1, 34, 46}}, 2, 4);
    assertEquals(31, g.cuWindowSeqlens.length, "30 windows");
    assertArrayEquals(new int[] {0, 64, 128, 192, 256, 320, 368, 432}, java.util.Arrays.copyOf(g.cuWindowSeqlens, 8));
    assertEquals(1564, g.cuWindowSeqlens[30]);
    VisionGeometry two = VisionGeometry.of(new long[][] {{1, 32, 32}, {1, 8, 12}}, 2, 4);
    int[] cu = two.cuWindowSeqlens;
    assertEquals(0, cu[0]);
    assertEquals(64, cu[1]);
    assertEquals(1024, cu[16]);
    assertArrayEquals(new int[] {1024, 1088, 1120}, java.util.Arrays.copyOfRange(cu, 16, 19));
    assertArrayEquals(new int[] {0, 1024, 1120}, two.cuSeqlens);
  }

  @Test
  void oddGridFails() {
    assertThrows(IllegalArgumentException.class, () -> VisionGeometry.of(new long[][] {{1, 7, 12}}, 2, 4));
  }
}
