// Aggregates item outcomes per category and overall: Pass@1, Avg@k, Major@k, Pass@k and the
// chance level (mean of 1 / options), the rows of the evaluation table.
package org.anatomyr1.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

public final class Scoreboard {
  /** One row: a category (or "overall") and its metrics in [0, 1]. */
  public record Row(String category, int items, double pass1, double avgAtK, double majorAtK, double passAtK,
      double chance) {}

  public static final String OVERALL = "overall";

  private Scoreboard() {}

  /** Rows sorted by category name, then the overall row. k for Pass@k is the sample count. */
  public static List<Row> rows(List<ItemOutcome> items) {
    Map<String, List<ItemOutcome>> byCategory = new TreeMap<>();
    for (ItemOutcome item : items) byCategory.computeIfAbsent(item.category(), c -> new ArrayList<>()).add(item);
    List<Row> rows = new ArrayList<>();
    byCategory.forEach((category, group) -> rows.add(row(category, group)));
    rows.add(row(OVERALL, items));
    return rows;
  }

  static Row row(String category, List<ItemOutcome> items) {
    List<Double> pass1 = new ArrayList<>();
    List<Double> avg = new ArrayList<>();
    List<Double> major = new ArrayList<>();
    List<Double> passK = new ArrayList<>();
    List<Double> chance = new ArrayList<>();
    for (ItemOutcome item : items) {
      pass1.add(SamplingMetrics.pass1(item));
      avg.add(SamplingMetrics.avgAtK(item));
      major.add(SamplingMetrics.majorAtK(item));
      int n = item.sampledChoices().size();
      passK.add(n == 0 ? Double.NaN : SamplingMetrics.passAtK(n, item.correctSamples(), n));
      chance.add(1.0 / item.optionCount());
    }
    return new Row(category, items.size(), SamplingMetrics.mean(pass1), SamplingMetrics.mean(avg),
        SamplingMetrics.mean(major), SamplingMetrics.mean(passK), SamplingMetrics.mean(chance));
  }
}
