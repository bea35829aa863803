// The bin table against a hand-built set: counts, S(q) ranges, category mix, and the categories a bin
// lacks (global S(q) bins can leave a class out of a bin; issue 11).
package org.anatomyr1.curriculum;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.anatomyr1.data.VqaSample;
import org.junit.jupiter.api.Test;

class BinTableTest {
  private static VqaSample item(String id, String category, double s, int bin) {
    return VqaSample.of(id, null, "What anatomy is shown?", List.of(category, "Other"), 0, category)
        .withDifficulty(s, bin);
  }

  @Test
  void rowsByHandAndTheCategoriesEachBinLacks() {
    // bin 0: Liver x2, Gut; bin 1: Liver (no Gut, no Omentum); bin 2: Omentum; bin 3: empty
    List<VqaSample> xs = List.of(item("a", "Liver", 0.50, 0), item("b", "Liver", 0.55, 0), item("c", "Gut", 0.52, 0),
        item("d", "Liver", 0.70, 1), item("e", "Omentum", 0.90, 2));
    BinTable t = BinTable.of(xs, 4);
    assertEquals(4, t.rows().size());
    BinTable.Row r0 = t.rows().get(0);
    assertEquals(3, r0.count());
    assertEquals(0.50, r0.min(), 0);
    assertEquals(0.55, r0.max(), 0);
    assertEquals(List.of("Omentum"), t.absent(r0));
    assertEquals(List.of("Gut", "Omentum"), t.absent(t.rows().get(1)));
    assertEquals(List.of("Gut", "Liver"), t.absent(t.rows().get(2)));
    List<String> lines = t.lines();
    assertEquals("0         3  [0.5000, 0.5500]  Gut 1, Liver 2; none of: Omentum", lines.get(1));
    assertEquals("1         1  [0.7000, 0.7000]  Liver 1; none of: Gut, Omentum", lines.get(2));
    assertEquals("3         0  -                 ", lines.get(4), "an empty bin lists nothing as lacking");
  }

  @Test
  void binsHoldingEveryCategoryAreNotMarked() {
    List<VqaSample> xs = List.of(item("a", "Liver", 0.5, 0), item("b", "Gut", 0.6, 0), item("c", "Gut", 0.7, 1),
        item("d", "Liver", 0.8, 1));
    for (String line : BinTable.of(xs, 2).lines()) assertEquals(-1, line.indexOf("none of"), line);
  }
}
