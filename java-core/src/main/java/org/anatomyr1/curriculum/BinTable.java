// The bin table printed by `anatomy-r1 difficulty` and logged by ASC training: per bin the item count,
// the S(q) range, the category (anatomy) mix and the categories it lacks. S(q) depends mostly on
// which class is the answer, so global quantile bins can leave a class out of a bin entirely, and RL
// that spends its late steps in that bin forgets the class (docs/EVALUATION.md, issue 11).
package org.anatomyr1.curriculum;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.anatomyr1.data.VqaSample;

public record BinTable(List<Row> rows) {

  public record Row(int bin, int count, double min, double max, Map<String, Integer> categories) {}

  /** Items must carry difficulty and bin; bins 0..count-1 all get a row (possibly empty). */
  public static BinTable of(List<VqaSample> samples, int bins) {
    List<Row> rows = new ArrayList<>();
    for (int b = 0; b < bins; b++) {
      int n = 0;
      double min = Double.NaN;
      double max = Double.NaN;
      Map<String, Integer> cats = new TreeMap<>();
      for (VqaSample s : samples) {
        if (s.bin() == null || s.bin() != b) continue;
        n++;
        double d = s.difficulty();
        min = n == 1 ? d : Math.min(min, d);
        max = n == 1 ? d : Math.max(max, d);
        cats.merge(s.category() == null ? "(none)" : s.category(), 1, Integer::sum);
      }
      rows.add(new Row(b, n, min, max, cats));
    }
    return new BinTable(rows);
  }

  /** The categories that some bin holds and bin {@code r} does not (sorted). */
  public List<String> absent(Row r) {
    TreeSet<String> all = new TreeSet<>();
    rows.forEach(x -> all.addAll(x.categories().keySet()));
    all.removeAll(r.categories().keySet());
    return List.copyOf(all);
  }

  public List<String> lines() {
    List<String> out = new ArrayList<>();
    out.add(String.format(Locale.ROOT, "%-4s %6s  %-17s %s", "bin", "count", "S(q) range", "category mix"));
    for (Row r : rows) {
      String range = r.count() == 0 ? "-" : String.format(Locale.ROOT, "[%.4f, %.4f]", r.min(), r.max());
      StringBuilder mix = new StringBuilder();
      r.categories().forEach((k, v) -> mix.append(mix.isEmpty() ? "" : ", ").append(k).append(' ').append(v));
      List<String> none = r.count() == 0 ? List.of() : absent(r);
      if (!none.isEmpty()) mix.append("; none of: ").append(String.join(", ", none));
      out.add(String.format(Locale.ROOT, "%-4d %6d  %-17s %s", r.bin(), r.count(), range, mix));
    }
    return out;
  }
}
