// Hand-computed tables for Pass@1, Avg@k, Major@k, the unbiased Pass@k and per-category rows.
package org.anatomyr1.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SamplingMetricsTest {
  static ItemOutcome item(String category, int greedy, Integer... samples) {
    return new ItemOutcome("q", category, 4, 2, greedy, List.of(samples)); // correct: C (2)
  }

  @Test
  void perItemMetrics() {
    ItemOutcome it = item("liver", 2, 2, 0, 2, -1, 1);
    assertEquals(1.0, SamplingMetrics.pass1(it));
    assertEquals(0.4, SamplingMetrics.avgAtK(it), 1e-12); // 2 of 5
    assertEquals(1.0, SamplingMetrics.majorAtK(it)); // C twice beats A and B once
  }

  @Test
  void majorityIgnoresMissingAnswersAndBreaksTiesByFirstToTheTop() {
    assertEquals(0.0, SamplingMetrics.majorAtK(item("x", 2, 0, 2, 0, 2, -1))); // A reaches 2 first
    assertEquals(1.0, SamplingMetrics.majorAtK(item("x", 2, 2, 0, 0, 2, 2)));
    assertEquals(1.0, SamplingMetrics.majorAtK(item("x", 2, -1, -1, -1, -1, 2)));
    assertEquals(0.0, SamplingMetrics.majorAtK(item("x", 2, -1, -1, -1, -1, -1)));
    // the rule is "first to reach the top count", not "first sampled": C is sampled first, A reaches 2 first
    assertEquals(0.0, SamplingMetrics.majorAtK(item("x", 2, 2, 0, 0, 2)));
    assertEquals(1.0, SamplingMetrics.majorAtK(new ItemOutcome("q", "x", 4, 0, 0, List.of(2, 0, 0, 2)))); // answer A
  }

  @ParameterizedTest(name = "pass@{2} n={0} c={1} = {3}")
  @CsvSource({
      "5, 0, 1, 0.0",
      "5, 5, 1, 1.0",
      "5, 2, 1, 0.4",      // c / n
      "5, 2, 2, 0.7",      // 1 - C(3,2)/C(5,2) = 1 - 3/10
      "5, 1, 5, 1.0",
      "10, 3, 4, 0.8333333333333334", // 1 - C(7,4)/C(10,4) = 1 - 35/210
  })
  void unbiasedPassAtK(int n, int c, int k, double expected) {
    assertEquals(expected, SamplingMetrics.passAtK(n, c, k), 1e-12);
  }

  @Test
  void passAtKRejectsBadArguments() {
    assertThrows(IllegalArgumentException.class, () -> SamplingMetrics.passAtK(5, 1, 6));
    assertThrows(IllegalArgumentException.class, () -> SamplingMetrics.passAtK(5, 6, 1));
  }

  @Test
  void rowsPerCategoryThenOverall() {
    List<Scoreboard.Row> rows = Scoreboard.rows(List.of(
        item("liver", 2, 2, 2, 2, 2, 2),
        item("liver", 0, 0, 0, 0, 0, 0),
        item("gallbladder", 2, 1, 1, 1, 1, 2)));
    assertEquals(List.of("gallbladder", "liver", "overall"), rows.stream().map(Scoreboard.Row::category).toList());
    Scoreboard.Row liver = rows.get(1);
    assertEquals(2, liver.items());
    assertEquals(0.5, liver.pass1());
    assertEquals(0.5, liver.avgAtK());
    assertEquals(0.5, liver.majorAtK());
    assertEquals(0.25, liver.chance());
    Scoreboard.Row overall = rows.get(2);
    assertEquals(2.0 / 3, overall.pass1(), 1e-12);
    assertEquals((1.0 + 0.0 + 0.2) / 3, overall.avgAtK(), 1e-12);
    assertEquals(1.0 / 3, overall.majorAtK(), 1e-12); // gallbladder's vote goes to B
    assertEquals(2.0 / 3, overall.passAtK(), 1e-12); // pass@5 of 5 samples: any correct
  }
}
