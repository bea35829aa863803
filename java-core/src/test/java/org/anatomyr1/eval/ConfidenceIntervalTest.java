// ConfidenceInterval against hand-computed values: three seeds with 4, 4 and 5 items (t over the
// seed means, df 2), one seed (t over items, df 3), and t(0.975, df) beyond the table against
// reference quantiles (scipy.stats.t.ppf).
package org.anatomyr1.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ConfidenceIntervalTest {
  @Test
  void threeSeedsUseTheSpreadOfTheSeedMeans() {
    // seed means 0.75, 0.5, 0.8 -> mean 0.683333; sd 0.160728; se 0.092796; t(0.975, 2) 4.3027 -> half 0.399274
    ConfidenceInterval ci = ConfidenceInterval.of(List.of(new double[] {1, 0, 1, 1}, new double[] {0, 0, 1, 1},
        new double[] {1, 1, 1, 0, 1}));
    assertEquals(0.683333, ci.mean(), 1e-6);
    assertEquals(0.683333 - 0.399274, ci.low(), 1e-5);
    assertEquals(1.0, ci.high()); // 1.082607, clipped to the accuracy range
    assertEquals(0.683333 + 0.399274, ConfidenceInterval.tInterval(new double[] {0.75, 0.5, 0.8}, "t").high(), 1e-5);
    assertEquals(ConfidenceInterval.OVER_SEEDS, ci.method());
    assertEquals(3, ci.n());
    assertTrue(ci.contains(ci.mean()));
  }

  @Test
  void oneSeedFallsBackToTheItems() {
    // items 1,0,1,0,1,0,1,0: mean 0.5, sd 0.534522, se 0.188982, t(0.975, 7) 2.3646 -> half 0.446869
    ConfidenceInterval ci = ConfidenceInterval.of(List.<double[]>of(new double[] {1, 0, 1, 0, 1, 0, 1, 0}));
    assertEquals(0.5, ci.mean(), 1e-12);
    assertEquals(0.5 - 0.446869, ci.low(), 1e-4);
    assertEquals(0.5 + 0.446869, ci.high(), 1e-4);
    assertEquals(ConfidenceInterval.OVER_ITEMS, ci.method());
    assertEquals(8, ci.n());
  }

  @Test
  void clipsToTheAccuracyRange() {
    // seed means 0.0 and 0.5: mean 0.25, half 12.7062 * 0.353553 / 1.414214 = 3.1766 -> [-2.93, 3.43] clipped to [0, 1]
    ConfidenceInterval ci = ConfidenceInterval.of(List.of(new double[] {0, 0}, new double[] {1, 0}));
    assertEquals(0.25, ci.mean(), 1e-12);
    assertEquals(0.0, ci.low());
    assertEquals(1.0, ci.high());
    assertThrows(IllegalArgumentException.class, () -> ConfidenceInterval.of(List.<double[]>of(new double[] {1.5})));
  }

  @Test
  void identicalSeedsGiveAZeroWidthInterval() {
    ConfidenceInterval ci = ConfidenceInterval.of(List.of(new double[] {1, 0}, new double[] {0, 1}));
    assertEquals(0.5, ci.low(), 1e-12);
    assertEquals(0.5, ci.high(), 1e-12);
  }

  @Test
  void tQuantilesMatchReferenceValues() {
    assertEquals(12.706205, ConfidenceInterval.tQuantile975(1), 1e-4);
    assertEquals(2.042272, ConfidenceInterval.tQuantile975(30), 1e-4);
    assertEquals(2.039513, ConfidenceInterval.tQuantile975(31), 1e-4);
    assertEquals(2.000298, ConfidenceInterval.tQuantile975(60), 1e-4);
    assertEquals(1.979930, ConfidenceInterval.tQuantile975(120), 1e-4);
    assertEquals(1.962339, ConfidenceInterval.tQuantile975(1000), 1e-4);
    assertThrows(IllegalArgumentException.class, () -> ConfidenceInterval.tQuantile975(0));
  }

  @Test
  void refusesEmptyInput() {
    assertThrows(IllegalArgumentException.class, () -> ConfidenceInterval.of(List.of()));
    assertThrows(IllegalArgumentException.class, () -> ConfidenceInterval.of(List.of(new double[] {1}, new double[0])));
  }
}
