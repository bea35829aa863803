// The paper's ASC rule: only the rolling accuracy of the current bin moves the curriculum (no step
// budget by default), replays are off, and the bins reached are recorded and survive a restore.
package org.anatomyr1.curriculum;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.anatomyr1.data.VqaSample;
import org.junit.jupiter.api.Test;

class PaperAscRuleTest {
  @Test
  void withoutBudgetOnlyTheThresholdAdvances() {
    CurriculumScheduler s = new CurriculumScheduler(CurriculumSchedulerTest.items(), 3,
        new CurriculumScheduler.Config(0.7, 4, 0, 0, 1));
    for (int i = 0; i < 200; i++) { // 200 steps at accuracy 0.5: a budget would have moved long ago
      List<VqaSample> b = s.next(2);
      s.observe(b, new double[] {0.5, 0.5});
    }
    assertEquals(0, s.currentBin());
    assertEquals(List.of(0), s.visited());
    // window 4 of accuracy 0.75 >= 0.7: two steps of two prompts complete bin 0
    s.observe(s.next(2), new double[] {0.75, 0.75});
    assertEquals(0, s.currentBin(), "window holds 0.5, 0.5, 0.75, 0.75: mean 0.625");
    s.observe(s.next(2), new double[] {0.75, 0.75});
    assertEquals(1, s.currentBin());
    assertTrue(s.lastAdvance().startsWith("threshold@"), s.lastAdvance());
    for (VqaSample x : s.next(50)) assertEquals(1, x.bin(), "no replay in the paper preset");
    String json = s.stateJson();
    CurriculumScheduler r = new CurriculumScheduler(CurriculumSchedulerTest.items(), 3,
        new CurriculumScheduler.Config(0.7, 4, 0, 0, 1));
    r.restore(json);
    assertEquals(List.of(0, 1), r.visited());
  }

  @Test
  void negativeBudgetIsRejected() {
    assertThrows(IllegalArgumentException.class, () -> new CurriculumScheduler.Config(0.7, 4, -1, 0, 1));
  }
}
