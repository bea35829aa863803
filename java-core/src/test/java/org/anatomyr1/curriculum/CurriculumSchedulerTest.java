package org.anatomyr1.curriculum;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import org.anatomyr1.data.VqaSample;
import org.junit.jupiter.api.Test;

class CurriculumSchedulerTest {

  /** 3 bins x 5 items; item difficulty 0.1*bin + 0.01*i. */
  static List<VqaSample> items() {
    List<VqaSample> out = new ArrayList<>();
    for (int b = 0; b < 3; b++) {
      for (int i = 0; i < 5; i++) {
        out.add(VqaSample.of("b" + b + "i" + i, null, "q", List.of("x", "y"), 0, "c").withDifficulty(0.1 * b + 0.01 * i, b));
      }
    }
    return out;
  }

  /**
   * Hand-computed: window 2, threshold 0.5, budget 5, batch 1.
   * step: 1   2   3   4   5   6   7   8   9
   * bin : 0   0   1   1   1   1   1   2   2
   * r   : 0   1   0   0   0   0   0   1   1
   * after step 2 the window [0, 1] has mean 0.5 -> threshold; after step 7 bin 1 used its 5 steps -> budget.
   */
  @Test
  void advancesOnThresholdThenOnBudget() {
    CurriculumScheduler s = new CurriculumScheduler(items(), 3, new CurriculumScheduler.Config(0.5, 2, 5, 0, 1));
    double[] rewards = {0, 1, 0, 0, 0, 0, 0, 1, 1};
    int[] expectedBin = {0, 0, 1, 1, 1, 1, 1, 2, 2};
    for (int step = 0; step < rewards.length; step++) {
      List<VqaSample> batch = s.next(1);
      assertEquals(expectedBin[step], batch.get(0).bin(), "step " + (step + 1));
      assertEquals(expectedBin[step], s.metrics().bin());
      s.observe(batch, new double[] {rewards[step]});
      if (step == 1) assertEquals("threshold@2:0->1", s.lastAdvance());
      if (step == 6) assertEquals("budget@7:1->2", s.lastAdvance());
    }
    SchedulerMetrics m = s.metrics();
    assertEquals(9, m.step());
    assertEquals(2, m.bin());
    assertEquals(0.2, m.sMin(), 1e-12);
    assertEquals(0.24, m.sMax(), 1e-12);
    assertEquals(1.0, m.rollingMean(), 1e-12);
  }

  @Test
  void servesEachBinItemOncePerEpoch() {
    CurriculumScheduler s = new CurriculumScheduler(items(), 3, new CurriculumScheduler.Config(1, 5, 100, 0, 3));
    List<String> ids = s.next(5).stream().map(VqaSample::id).sorted().toList();
    assertEquals(List.of("b0i0", "b0i1", "b0i2", "b0i3", "b0i4"), ids);
  }

  @Test
  void replayDrawsFromEarlierBinsOnlyAndIgnoresTheirRewards() {
    CurriculumScheduler s = new CurriculumScheduler(items(), 3, new CurriculumScheduler.Config(0.9, 4, 1, 0.3, 5));
    s.observe(s.next(1), new double[] {0}); // budget 1: -> bin 1
    s.observe(s.next(1), new double[] {0}); // -> bin 2
    int replays = 0;
    int n = 2000;
    List<VqaSample> batch = s.next(n);
    for (VqaSample v : batch) {
      assertTrue(v.bin() <= 2);
      if (v.bin() < 2) replays++;
    }
    // binomial(2000, 0.3): mean 600, sd 20.5; 5 sd band
    assertTrue(Math.abs(replays - 600) < 103, "replays " + replays);
    double[] r = new double[n];
    for (int i = 0; i < n; i++) r[i] = batch.get(i).bin() < 2 ? 1 : 0.25;
    s.observe(batch, r);
    assertEquals(0.25, s.metrics().rollingMean(), 1e-12, "only current-bin rewards enter the window");
  }

  @Test
  void resumeFromJsonIsExact() {
    CurriculumScheduler.Config cfg = new CurriculumScheduler.Config(0.6, 3, 4, 0.25, 77);
    CurriculumScheduler a = new CurriculumScheduler(items(), 3, cfg);
    java.util.SplittableRandom rr = new java.util.SplittableRandom(9);
    for (int i = 0; i < 5; i++) {
      List<VqaSample> b = a.next(3);
      a.observe(b, new double[] {rr.nextDouble(), rr.nextDouble(), rr.nextDouble()});
    }
    String json = a.stateJson();
    CurriculumScheduler b = new CurriculumScheduler(items(), 3, cfg);
    b.restore(json);
    assertEquals(json, b.stateJson());
    for (int i = 0; i < 10; i++) {
      List<VqaSample> x = a.next(3);
      assertEquals(x, b.next(3), "step " + i);
      double[] r = {rr.nextDouble(), rr.nextDouble(), rr.nextDouble()};
      a.observe(x, r);
      b.observe(x, r);
      assertEquals(a.metrics(), b.metrics());
    }
    assertThrows(IllegalArgumentException.class, () -> b.restore("{bad"));
  }

  @Test
  void configIsValidatedWithTheFieldName() {
    assertTrue(assertThrows(IllegalArgumentException.class, () -> new CurriculumScheduler.Config(1.5, 2, 5, 0, 1))
        .getMessage().contains("curriculum.threshold"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> new CurriculumScheduler.Config(0.5, 2, 5, 1, 1))
        .getMessage().contains("curriculum.replayFraction"));
    assertThrows(IllegalArgumentException.class, () -> new CurriculumScheduler(items(), 2, new CurriculumScheduler.Config(0.5, 2, 5, 0, 1)));
  }

  @Test
  void baselinesRandomAndSorted() {
    List<VqaSample> all = items();
    SortedScheduler sorted = new SortedScheduler(all);
    List<VqaSample> first = sorted.next(15);
    for (int i = 1; i < 15; i++) assertTrue(first.get(i).difficulty() >= first.get(i - 1).difficulty());
    assertEquals(first.get(0), sorted.next(1).get(0), "wraps around");
    String st = sorted.stateJson();
    SortedScheduler s2 = new SortedScheduler(all);
    s2.restore(st);
    assertEquals(sorted.next(4), s2.next(4));

    RandomScheduler r = new RandomScheduler(all, 3);
    List<String> epoch = r.next(15).stream().map(VqaSample::id).sorted().toList();
    assertEquals(all.stream().map(VqaSample::id).sorted().toList(), epoch, "one epoch = every item once");
    RandomScheduler r2 = new RandomScheduler(all, 3);
    r2.restore(r.stateJson());
    assertEquals(r.next(7), r2.next(7));
  }
}
