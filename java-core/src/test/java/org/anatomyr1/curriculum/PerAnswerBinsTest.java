// Per-answer bins against hand-computed ranks: quantiles within each answer, ties kept together, and
// every bin holding every answer where global quantiles would give each bin its own classes.
package org.anatomyr1.curriculum;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.anatomyr1.data.VqaSample;
import org.junit.jupiter.api.Test;

class PerAnswerBinsTest {
  private static VqaSample item(String id, String answer, double s) {
    List<String> options = List.of(answer, "Other " + id);
    return VqaSample.of(id, null, "What anatomy is shown?", options, 0, answer).withDifficulty(s, null);
  }

  private static List<Integer> bins(List<VqaSample> xs) {
    return xs.stream().map(VqaSample::bin).toList();
  }

  @Test
  void quantilesWithinEachAnswerByHand() {
    // Liver: 3 distinct values, k 3: quantile edges 0.2, 0.3 -> bins 0 2 1
    // Omentum: 2 distinct values (0.95 twice, one written "omentum "): lowest -> 0, highest -> k-1 = 2
    // Gut: 2 distinct values: 0.5 -> 2, 0.4 -> 0
    List<VqaSample> in = List.of(item("a", "Liver", 0.1), item("b", "Liver", 0.3), item("c", "Liver", 0.2),
        item("d", "Omentum", 0.9), item("e", "Omentum", 0.95), item("f", "omentum ", 0.95),
        item("g", "Gut", 0.5), item("h", "Gut", 0.4));
    assertEquals(List.of(0, 2, 1, 0, 2, 2, 2, 0), bins(PerAnswerBins.assign(in, 3)));
  }

  @Test
  void everyBinHoldsEveryAnswerWhereGlobalBinsSplitThem() {
    // two classes whose S(q) ranges do not overlap: global bins separate them, per-answer bins mix them
    List<VqaSample> in = new ArrayList<>();
    for (int i = 0; i < 30; i++) in.add(item("l" + i, "Liver", 0.50 + i * 0.001));
    for (int i = 0; i < 30; i++) in.add(item("o" + i, "Omentum", 0.80 + i * 0.001));
    double[] scores = in.stream().mapToDouble(VqaSample::difficulty).toArray();
    List<VqaSample> global = DifficultyBins.quantiles(scores, 2).assign(in);
    assertTrue(global.stream().filter(x -> x.answer().equals("Omentum")).allMatch(x -> x.bin() == 1), "global: Omentum only in bin 1");
    List<VqaSample> perAnswer = PerAnswerBins.assign(in, 2);
    for (int b = 0; b < 2; b++) {
      for (String answer : List.of("Liver", "Omentum")) {
        final int bin = b;
        long n = perAnswer.stream().filter(x -> x.bin() == bin && x.answer().equals(answer)).count();
        assertEquals(15, n, answer + " in bin " + b);
      }
    }
    // within a class the order by S(q) is kept: the easier half is bin 0
    assertTrue(perAnswer.stream().filter(x -> x.bin() == 0).allMatch(x -> x.difficulty() < 0.515 || x.difficulty() >= 0.8 && x.difficulty() < 0.815));
  }

  @Test
  void heavyTiesStillFillTheLastBin() {
    // one class, S(q) mostly tied at its top value (the closest distractor is often present): rank
    // quantiles would leave bin 2 empty; the tie-aware cut does not
    List<VqaSample> in = new ArrayList<>();
    for (int i = 0; i < 10; i++) in.add(item("a" + i, "Liver", 0.60));
    for (int i = 0; i < 10; i++) in.add(item("b" + i, "Liver", 0.65));
    for (int i = 0; i < 40; i++) in.add(item("c" + i, "Liver", 0.80));
    List<Integer> got = bins(PerAnswerBins.assign(in, 3));
    for (int b = 0; b < 3; b++) assertTrue(got.contains(b), "bin " + b + " used: " + got);
    assertEquals(40, got.stream().filter(b -> b == 2).count(), "the tied top value is one bin");
  }

  @Test
  void itemWithoutDifficultyIsNamed() {
    VqaSample bare = VqaSample.of("no-s", null, "Q?", List.of("A", "B"), 0, "A");
    var e = assertThrows(IllegalArgumentException.class, () -> PerAnswerBins.assign(List.of(bare), 2));
    assertTrue(e.getMessage().contains("no-s"), e.getMessage());
  }
}
