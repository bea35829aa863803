// Group statistics as first sampled, checked against hand-counted groups.
package org.anatomyr1.train;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class SampledGroupStatsTest {
  @Test
  void countsEveryGroupBeforeAnyDrop() {
    SampledGroupStats s = new SampledGroupStats();
    s.add("Liver", new double[] {1, 1, 1, 1}, new double[] {0, 0, 0, 0}, 0.5); // all wrong, zero variance
    s.add("Liver", new double[] {2, 1, 2, 1}, new double[] {1, 0, 1, 0}, 0.7);
    s.add("Gut", new double[] {0, 0, 0, 0}, new double[] {0, 0, 0, 0}, null); // all wrong, zero variance
    s.add(null, new double[] {2, 2, 2, 2}, new double[] {1, 1, 1, 1}, 0.9); // all right, zero variance
    assertEquals(4, s.groups());
    assertEquals(0.75, s.zeroVarianceFraction(), 1e-12);
    assertEquals(0.5, s.invalidGradientRatio().get("Liver"), 1e-12);
    assertEquals(1.0, s.invalidGradientRatio().get("Gut"), 1e-12);
    assertEquals(0.0, s.invalidGradientRatio().get("none"), 1e-12);
    assertEquals(0.5, s.invalidGradientRatioAll(), 1e-12);
    assertEquals(0.7, s.meanDifficulty(), 1e-12);
    assertTrue(Double.isNaN(new SampledGroupStats().meanDifficulty()));
  }
}
