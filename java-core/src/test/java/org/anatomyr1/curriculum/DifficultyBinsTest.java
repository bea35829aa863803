package org.anatomyr1.curriculum;

import static org.junit.jupiter.api.Assertions.*;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DifficultyBinsTest {
  @Test
  void quantilesOnDistinctValues() {
    double[] s = {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8};
    DifficultyBins b = DifficultyBins.quantiles(s, 4);
    assertArrayEquals(new double[] {0.3, 0.5, 0.7}, b.edges());
    assertEquals(0, b.bin(0.1));
    assertEquals(0, b.bin(0.2));
    assertEquals(1, b.bin(0.3));
    assertEquals(3, b.bin(0.8));
    assertEquals(3, b.bin(5));
  }

  @Test
  void heavyTiesStillGiveNonEmptyBins() {
    // 90 items at 0.5, then one each at 0.6, 0.7, 0.8: naive quantile edges would all be 0.5
    double[] s = new double[93];
    java.util.Arrays.fill(s, 0.5);
    s[90] = 0.6;
    s[91] = 0.7;
    s[92] = 0.8;
    DifficultyBins b = DifficultyBins.quantiles(s, 4);
    assertArrayEquals(new double[] {0.6, 0.7, 0.8}, b.edges());
    int[] counts = new int[4];
    for (double x : s) counts[b.bin(x)]++;
    assertArrayEquals(new int[] {90, 1, 1, 1}, counts);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DifficultyBins.quantiles(s, 5));
    assertTrue(e.getMessage().contains("only 4 distinct difficulty values"), e.getMessage());
  }

  @Test
  void randomScoresGiveNearEqualNonEmptyBins() {
    long seed = 42;
    SplittableRandom r = new SplittableRandom(seed);
    for (int trial = 0; trial < 50; trial++) {
      int n = 1 + r.nextInt(300);
      int k = 1 + r.nextInt(Math.min(n, 8));
      double[] s = new double[n];
      for (int i = 0; i < n; i++) s[i] = Math.round(r.nextDouble() * 20) / 20.0; // many ties
      long distinct = java.util.Arrays.stream(s).distinct().count();
      if (distinct < k) continue;
      DifficultyBins b = DifficultyBins.quantiles(s, k);
      int[] counts = new int[k];
      for (double x : s) counts[b.bin(x)]++;
      for (int c : counts) assertTrue(c > 0, "seed " + seed + " trial " + trial + ": empty bin " + java.util.Arrays.toString(counts));
    }
  }

  @Test
  void fixedEdgesAreParsedAndValidated() {
    DifficultyBins b = DifficultyBins.parseEdges("0.6, 0.65,0.7");
    assertEquals(4, b.count());
    assertEquals(2, b.bin(0.65));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> DifficultyBins.parseEdges("0.7,0.6")).getMessage().contains("must increase"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> DifficultyBins.parseEdges("a")).getMessage().contains("'a' is not a number"));
  }
}
