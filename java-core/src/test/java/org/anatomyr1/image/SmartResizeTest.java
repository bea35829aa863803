// smart_resize against the table of shared/research/qwen2_5_vl_spec.md §3.2 and the golden case-a
// branches (round-only, down, up), including Python's round-half-to-even.
package org.anatomyr1.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class SmartResizeTest {
  static final long MIN = 3136, MAX = 12845056;

  @Test
  void specTable() {
    assertArrayEquals(new int[] {476, 644}, SmartResize.targetSize(480, 640, 28, MIN, MAX));
    assertArrayEquals(new int[] {1092, 1932}, SmartResize.targetSize(1080, 1920, 28, MIN, MAX));
    assertArrayEquals(new int[] {2912, 4368}, SmartResize.targetSize(4000, 6000, 28, MIN, MAX));
    assertArrayEquals(new int[] {448, 448}, SmartResize.targetSize(448, 448, 28, MIN, MAX));
    assertArrayEquals(new int[] {112, 168}, SmartResize.targetSize(112, 168, 28, MIN, MAX));
    assertArrayEquals(new int[] {56, 56}, SmartResize.targetSize(28, 28, 28, MIN, MAX));
    assertArrayEquals(new int[] {56, 56}, SmartResize.targetSize(30, 30, 28, MIN, MAX));
    assertArrayEquals(new int[] {56, 56}, SmartResize.targetSize(50, 50, 28, MIN, MAX));
  }

  @Test
  void halfWayRoundsToEven() {
    // 42/28 = 1.5 -> 2 (even), 70/28 = 2.5 -> 2 (even), 98/28 = 3.5 -> 4
    assertArrayEquals(new int[] {56, 56}, SmartResize.targetSize(42, 70, 28, 28 * 28, MAX));
    assertArrayEquals(new int[] {112, 56}, SmartResize.targetSize(98, 70, 28, 28 * 28, MAX));
  }

  @Test
  void goldenCaseABranches() {
    assertArrayEquals(new int[] {84, 140}, SmartResize.targetSize(87, 131, 28, 7840, 15680));
    assertArrayEquals(new int[] {140, 84}, SmartResize.targetSize(300, 200, 28, 7840, 15680));
    assertArrayEquals(new int[] {112, 112}, SmartResize.targetSize(40, 40, 28, 7840, 15680));
  }

  @Test
  void rejectsTinyAndExtremeImages() {
    assertThrows(IllegalArgumentException.class, () -> SmartResize.targetSize(10, 300, 28, MIN, MAX));
    assertThrows(IllegalArgumentException.class, () -> SmartResize.targetSize(28, 28 * 201, 28, MIN, MAX));
  }
}
