// Accuracy of one evaluation per ASC difficulty bin of its items (the curriculum's premise: a
// higher S(q), a nearer distractor, should be harder, so accuracy should fall with the bin).
package org.anatomyr1.eval;

import java.util.ArrayList;
import java.util.List;

public final class AccuracyByBin {
  /** One bin: its items, Pass@1 and Avg@k in [0, 1] (NaN for an empty bin), and its mean S(q). */
  public record Row(int bin, int items, double pass1, double avgAtK, double meanSq) {}

  private AccuracyByBin() {}

  /** One row per bin 0..count-1 for one evaluation; an item missing from {@code bins} fails with its id. */
  public static List<Row> rows(EvalResult r, TestItemBins bins) {
    return rows(List.of(r), List.of(bins));
  }

  /**
   * Pooled over seeds: every (seed, item) counts once in its bin (seed s's items binned by
   * {@code bins.get(s)}, the edges of that seed's training split).
   */
  public static List<Row> rows(List<EvalResult> perSeed, List<TestItemBins> bins) {
    if (perSeed.size() != bins.size()) throw new IllegalArgumentException(perSeed.size() + " evaluations, " + bins.size() + " bin sets");
    int count = bins.get(0).bins().count();
    List<List<double[]>> byBin = new ArrayList<>(); // per bin: {pass1, avg@k, S(q)} of each unit
    for (int b = 0; b < count; b++) byBin.add(new ArrayList<>());
    for (int s = 0; s < perSeed.size(); s++) {
      EvalResult r = perSeed.get(s);
      TestItemBins tb = bins.get(s);
      for (Prediction p : r.predictions()) {
        Integer b = tb.binOf().get(p.id());
        if (b == null || b >= count) throw new IllegalArgumentException(r.label() + ": item '" + p.id() + "' has no difficulty bin");
        byBin.get(b).add(new double[] {SamplingMetrics.pass1(p.outcome()), SamplingMetrics.avgAtK(p.outcome()), tb.sq().get(p.id())});
      }
    }
    List<Row> rows = new ArrayList<>();
    for (int b = 0; b < count; b++) {
      List<double[]> u = byBin.get(b);
      rows.add(new Row(b, u.size(), meanOf(u, 0), meanOf(u, 1), meanOf(u, 2)));
    }
    return rows;
  }

  private static double meanOf(List<double[]> units, int column) {
    return units.stream().mapToDouble(x -> x[column]).average().orElse(Double.NaN);
  }

  /** Markdown: models as rows, per bin "Pass@1 (items)"; the header gives each bin's mean S(q). */
  public static String table(List<EvalResult> results, TestItemBins bins) {
    return table(results.stream().map(r -> List.of(r)).toList(), List.of(bins));
  }

  /** The same pooled over seeds: {@code perModel} holds each model's evaluations in seed order. */
  public static String table(List<List<EvalResult>> perModel, List<TestItemBins> bins) {
    if (perModel.isEmpty()) return "(no evaluations)\n";
    List<Row> first = rows(perModel.get(0), bins);
    StringBuilder s = new StringBuilder("| model |");
    StringBuilder rule = new StringBuilder("|---|");
    for (Row row : first) {
      s.append(String.format(java.util.Locale.ROOT, " bin %d (S(q) %.3f, %d items) P@1 |", row.bin(), row.meanSq(), row.items()));
      rule.append("---:|");
    }
    s.append('\n').append(rule).append('\n');
    for (List<EvalResult> m : perModel) {
      s.append("| ").append(m.get(0).label()).append(" |");
      for (Row row : rows(m, bins)) s.append(' ').append(EvalTables.pct(row.pass1())).append(" |");
      s.append('\n');
    }
    return s.toString();
  }
}
