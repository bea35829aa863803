// Exact McNemar against hand-computed binomial tails: b=8, c=2 (p = 2 * 56/1024), b=0, c=6
// (p = 2/64), no discordant pairs (p = 1), a balanced split (capped at 1), a large case against
// scipy's binomtest, and bad input.
package org.anatomyr1.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class PairedTestTest {
  @Test
  void eightAgainstTwo() {
    // 10 discordant pairs: 8 only-A, 2 only-B, plus 5 both right and 3 both wrong
    double[] a = new double[18];
    double[] b = new double[18];
    for (int i = 0; i < 8; i++) a[i] = 1;
    for (int i = 8; i < 10; i++) b[i] = 1;
    for (int i = 10; i < 15; i++) a[i] = b[i] = 1;
    PairedTest t = PairedTest.mcnemar(a, b);
    assertEquals(18, t.n());
    assertEquals(8, t.onlyA());
    assertEquals(2, t.onlyB());
    assertEquals(6.0 / 18, t.meanDifference(), 1e-12);
    assertEquals(2 * 56.0 / 1024, t.pValue(), 1e-12); // P(X <= 2), X ~ Bin(10, 1/2) = (1 + 10 + 45) / 1024
  }

  @Test
  void sixAgainstNone() {
    double[] a = {0, 0, 0, 0, 0, 0, 1};
    double[] b = {1, 1, 1, 1, 1, 1, 1};
    PairedTest t = PairedTest.mcnemar(a, b);
    assertEquals(2.0 / 64, t.pValue(), 1e-12);
    assertEquals(-6.0 / 7, t.meanDifference(), 1e-12);
  }

  @Test
  void noDiscordantPairsOrABalancedSplitGiveOne() {
    assertEquals(1.0, PairedTest.mcnemar(new double[] {1, 0}, new double[] {1, 0}).pValue());
    assertEquals(1.0, PairedTest.twoSidedSignP(5, 5)); // 2 * 638/1024 > 1, capped
  }

  @Test
  void largeCountsStayFinite() {
    assertEquals(2.1817026e-5, PairedTest.twoSidedSignP(1200, 1000), 1e-10); // scipy.stats.binomtest(1200, 2200)
  }

  @Test
  void refusesBadInput() {
    assertThrows(IllegalArgumentException.class, () -> PairedTest.mcnemar(new double[] {1}, new double[] {1, 0}));
    assertThrows(IllegalArgumentException.class, () -> PairedTest.mcnemar(new double[] {0.5}, new double[] {1}));
    assertThrows(IllegalArgumentException.class, () -> PairedTest.mcnemar(new double[0], new double[0]));
  }
}
