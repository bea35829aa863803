// The experiments tables on constructed evaluations (two seeds, two methods, items listed in a
// different order per method): the CIs, the paired McNemar and the per-bin accuracy take the
// hand-computed values, in the Markdown and in the JSON.
package org.anatomyr1.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.anatomyr1.curriculum.DifficultyBins;
import org.junit.jupiter.api.Test;

class ExperimentsSummaryTest {
  /** An evaluation whose item i ("q<i>") is greedily right where {@code greedyRight[i]}; answer 0 of 4 options. */
  static EvalResult eval(String label, boolean reverse, int... greedyRight) {
    List<Prediction> ps = new ArrayList<>();
    for (int i = 0; i < greedyRight.length; i++) {
      int choice = greedyRight[i] == 1 ? 0 : 1;
      ps.add(new Prediction("q" + i, "liver", List.of("a", "b", "c", "d"), 0, "", choice, List.of(choice, 0, 1, 2, 3)));
    }
    if (reverse) java.util.Collections.reverse(ps);
    return new EvalResult(label, "m", 5, 0, 8, ps, Scoreboard.rows(ps.stream().map(Prediction::outcome).toList()), Map.of(),
        0.0, 1.0);
  }

  static TestItemBins bins(int items) {
    Map<String, Double> sq = new java.util.HashMap<>();
    Map<String, Integer> binOf = new java.util.HashMap<>();
    for (int i = 0; i < items; i++) {
      sq.put("q" + i, i < items / 2 ? 0.2 : 0.8);
      binOf.put("q" + i, i < items / 2 ? 0 : 1);
    }
    return new TestItemBins(new DifficultyBins(new double[] {0.5}), sq, binOf);
  }

  // seed 0: full 1,1,1,0 (0.75) grpo 1,0,0,0 (0.25); seed 1: full 1,1,0,1 (0.75) grpo 0,1,0,0 (0.25)
  final MethodAcrossSeeds full = new MethodAcrossSeeds("grpo+asc+gdqa", List.of(eval("grpo+asc+gdqa", false, 1, 1, 1, 0),
      eval("grpo+asc+gdqa", false, 1, 1, 0, 1)));
  final MethodAcrossSeeds grpo = new MethodAcrossSeeds("grpo", List.of(eval("grpo", true, 1, 0, 0, 0),
      eval("grpo", true, 0, 1, 0, 0)));

  @Test
  void pairsByItemIdAcrossSeeds() {
    PairedTest p = full.pairedPass1(grpo);
    assertEquals(8, p.n());
    assertEquals(4, p.onlyA()); // seed 0: q1, q2; seed 1: q0, q3
    assertEquals(0, p.onlyB());
    assertEquals(2.0 / 16, p.pValue(), 1e-12);
    assertEquals(0.5, p.meanDifference(), 1e-12);
    // Major@k: the sampled votes (choice, 0, 1, 2, 3) give 0 twice when greedy is right, else 1 twice
    assertEquals(full.pairedMajorAtK(grpo).onlyA(), 4);
  }

  @Test
  void identicalSeedMeansGiveAZeroWidthInterval() {
    ConfidenceInterval ci = full.pass1();
    assertEquals(0.75, ci.mean(), 1e-12);
    assertEquals(0.75, ci.low(), 1e-12);
    assertEquals(0.75, ci.high(), 1e-12);
  }

  @Test
  void markdownAndJsonCarryTheValues() throws Exception {
    ExperimentsSummary s = new ExperimentsSummary(List.of(0L, 1L), List.of(grpo, full), List.of(),
        new MethodAcrossSeeds[] {full, grpo}, List.of(bins(4), bins(4)), 0.25, "constructed", 1.0);
    String md = s.markdown();
    assertTrue(md.contains("| grpo+asc+gdqa | 8 | 75.0 [75.0, 75.0] |"), md);
    assertTrue(md.contains("| grpo | 8 | 25.0 [25.0, 25.0] |"), md);
    assertTrue(md.contains("| Pass@1 | +50.0 | 4 | 0 | 0.1250 |"), md);
    JsonNode j = new ObjectMapper().readTree(s.json());
    assertEquals(75.0, j.at("/table1/grpo+asc+gdqa/pass@1/mean").asDouble(), 1e-9);
    assertEquals(0.125, j.at("/paired/pass@1/p_value").asDouble(), 1e-12);
    assertEquals(2, j.at("/table1/grpo/per_seed_pass@1").size());
    // bins: q0, q1 in bin 0; q2, q3 in bin 1. full: bin 0 = 1,1 | 1,1 -> 100; bin 1 = 1,0 | 0,1 -> 50
    assertEquals(100.0, j.at("/accuracy_by_bin/grpo+asc+gdqa/0/pass@1").asDouble(), 1e-9);
    assertEquals(50.0, j.at("/accuracy_by_bin/grpo+asc+gdqa/1/pass@1").asDouble(), 1e-9);
    assertEquals(4, j.at("/accuracy_by_bin/grpo+asc+gdqa/1/items").asInt());
    assertEquals(0.8, j.at("/accuracy_by_bin/grpo/1/mean_sq").asDouble(), 1e-12);
  }

  @Test
  void differentItemSetsAreRefused() {
    MethodAcrossSeeds other = new MethodAcrossSeeds("x", List.of(eval("x", false, 1, 1, 1), eval("x", false, 1, 1, 1, 1)));
    assertThrows(IllegalArgumentException.class, () -> full.pairedPass1(other));
  }
}
