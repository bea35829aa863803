// get_rope_index on the worked example of shared/research/qwen2_5_vl_spec.md §5.2: 14 prefix tokens,
// an 8x12-patch image (4x6 merged), 11 tokens after; with and without 3 left pads.
package org.anatomyr1.model.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class RopeIndexTest {
  static final long IMG = 7, START = 5, END = 6;

  static long[] prompt() {
    long[] ids = new long[50];
    Arrays.fill(ids, 1);
    ids[14] = START;
    Arrays.fill(ids, 15, 39, IMG);
    ids[39] = END;
    return ids;
  }

  @Test
  void specExample() {
    long[] ids = prompt();
    long[] mask = new long[50];
    Arrays.fill(mask, 1);
    RopeIndex r = RopeIndex.compute(new long[][] {ids}, new long[][] {mask}, new long[][] {{1, 8, 12}}, 2, IMG, START);
    assertEquals(-18, r.ropeDeltas[0]);
    long[] t = r.positions[0][0], h = r.positions[1][0], w = r.positions[2][0];
    for (int s = 0; s < 15; s++) assertEquals(s, t[s]);
    for (int k = 0; k < 24; k++) {
      assertEquals(15, t[15 + k]);
      assertEquals(15 + k / 6, h[15 + k]);
      assertEquals(15 + k % 6, w[15 + k]);
    }
    for (int s = 39; s < 50; s++) {
      assertEquals(21 + s - 39, t[s]);
      assertEquals(t[s], h[s]);
      assertEquals(t[s], w[s]);
    }
  }

  @Test
  void leftPaddingShiftsDeltaOnly() {
    long[] ids = new long[53];
    long[] mask = new long[53];
    System.arraycopy(prompt(), 0, ids, 3, 50);
    Arrays.fill(mask, 3, 53, 1);
    RopeIndex r = RopeIndex.compute(new long[][] {ids}, new long[][] {mask}, new long[][] {{1, 8, 12}}, 2, IMG, START);
    assertEquals(-21, r.ropeDeltas[0]);
    for (int a = 0; a < 3; a++) assertArrayEquals(new long[] {1, 1, 1}, Arrays.copyOf(r.positions[a][0], 3));
    assertEquals(32, 53 + r.ropeDeltas[0], "first decode position");
  }

  @Test
  void mismatchedImageCountFails() {
    long[] mask = new long[50];
    Arrays.fill(mask, 1);
    assertThrows(IllegalArgumentException.class, () -> RopeIndex.compute(new long[][] {prompt()}, new long[][] {mask},
        new long[][] {{1, 8, 12}, {1, 4, 4}}, 2, IMG, START));
  }
}
