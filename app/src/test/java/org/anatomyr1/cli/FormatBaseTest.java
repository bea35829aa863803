// The base model's random labels: each a valid option index, independent of the true answer
// (about 1 in 4 agree with 4 options), spread over all positions, and the same for the same seed;
// the questions are GDQA text variants of the originals.
package org.anatomyr1.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.anatomyr1.data.VqaSample;
import org.junit.jupiter.api.Test;

class FormatBaseTest {
  static List<VqaSample> items(int n) {
    List<VqaSample> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(VqaSample.of("q" + i, "img" + i + ".png", "What anatomy is shown in the frame?",
          List.of("Liver", "Gut", "Omentum", "Gallbladder"), 1, "Gut")); // always B: a label copy would show
    }
    return out;
  }

  @Test
  void labelsAreUniformOverOptionsAndIndependentOfTheAnswer() {
    List<VqaSample> in = items(4000);
    List<VqaSample> out = FormatBase.randomLabels(in, 7);
    int[] counts = new int[4];
    for (int i = 0; i < out.size(); i++) {
      VqaSample x = out.get(i);
      assertEquals(in.get(i).id(), x.id());
      assertEquals(sorted(in.get(i).options()), sorted(x.options())); // GDQA may permute the options
      assertEquals(in.get(i).image(), x.image());
      counts[x.answerIndex()]++;
    }
    for (int c : counts) assertTrue(c > 850 && c < 1150, "each position drawn about 1000 times of 4000: " + c);
  }

  @Test
  void questionsAreGdqaPhrasingsWithTheOriginalAmongThem() {
    List<VqaSample> out = FormatBase.randomLabels(items(400), 5);
    java.util.Map<String, Integer> byText = new java.util.HashMap<>();
    for (VqaSample x : out) byText.merge(x.question(), 1, Integer::sum);
    int original = byText.getOrDefault("What anatomy is shown in the frame?", 0);
    assertTrue(original > 60 && original < 140, "the original text is one of 4 variants (~100 of 400): " + original);
    assertTrue(byText.size() >= 5, "several phrasings: " + byText.keySet());
    for (String q : byText.keySet()) assertTrue(q.contains("shown in the frame"), "keeps the question's content: " + q);
  }

  private static List<String> sorted(List<String> xs) {
    return xs.stream().sorted().toList();
  }

  @Test
  void sameSeedSameLabelsOtherSeedOthers() {
    List<VqaSample> in = items(200);
    assertEquals(FormatBase.randomLabels(in, 3), FormatBase.randomLabels(in, 3));
    assertNotEquals(FormatBase.randomLabels(in, 3), FormatBase.randomLabels(in, 4));
  }

  @Test
  void itemWithoutOptionsIsAnError() {
    VqaSample bad = VqaSample.of("bad-1", "x.png", "Q?", List.of(), 0, "c");
    var e = assertThrows(IllegalArgumentException.class, () -> FormatBase.randomLabels(List.of(bad), 1));
    assertTrue(e.getMessage().contains("bad-1"), e.getMessage());
  }
}
