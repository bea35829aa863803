// The bin table printed by `anatomy-r1 difficulty` and logged by training: per bin the item count,
// the S(q) range and the category (anatomy) mix.
package org.anatomyr1.curriculum;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
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

  public List<String> lines() {
    List<String> out = new ArrayList<>();
    out.add(String.format(Locale.ROOT, "%-4s %6s  %-17s %s", "bin", "count", "S(q) range", "category mix"));
    for (Row r : rows) {
      String range = r.count() == 0 ? "-" : String.format(Locale.ROOT, "[%.4f, %.4f]", r.min(), r.max());
      StringBuilder mix = new StringBuilder();
      r.categories().forEach((k, v) -> mix.append(mix.isEmpty() ? "" : ", ").append(k).append(' ').append(v));
      out.add(String.format(Locale.ROOT, "%-4d %6d  %-17s %s", r.bin(), r.count(), range, mix));
    }
    return out;
  }
}
