// The per-item accuracy metrics of the paper's tables: Pass@1 (greedy), Avg@k (mean accuracy of
// k samples), Major@k (majority vote of the extracted answers) and the unbiased Pass@k estimator
// 1 - C(n-c, k) / C(n, k) (Chen et al. 2021).
package org.anatomyr1.eval;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

public final class SamplingMetrics {
  private SamplingMetrics() {}

  public static double pass1(ItemOutcome item) {
    return item.greedyChoice() == item.answerIndex() ? 1.0 : 0.0;
  }

  public static double avgAtK(ItemOutcome item) {
    if (item.sampledChoices().isEmpty()) return 0.0;
    return (double) item.correctSamples() / item.sampledChoices().size();
  }

  /**
   * 1 when the most frequent extracted answer is correct. Samples without an answer do not vote;
   * a tie goes to the answer that reached the top count first, so the result is deterministic.
   */
  public static double majorAtK(ItemOutcome item) {
    Map<Integer, Integer> votes = new LinkedHashMap<>();
    int best = ItemOutcome.NO_ANSWER;
    int bestCount = 0;
    for (int choice : item.sampledChoices()) {
      if (choice == ItemOutcome.NO_ANSWER) continue;
      int count = votes.merge(choice, 1, Integer::sum);
      if (count > bestCount) {
        best = choice;
        bestCount = count;
      }
    }
    return best == item.answerIndex() ? 1.0 : 0.0;
  }

  /** Unbiased Pass@k from n samples with c correct; k <= n. */
  public static double passAtK(int n, int c, int k) {
    if (k < 1 || k > n) throw new IllegalArgumentException("pass@k needs 1 <= k <= n, got k=" + k + ", n=" + n);
    if (c < 0 || c > n) throw new IllegalArgumentException("correct count " + c + " outside [0, " + n + "]");
    if (n - c < k) return 1.0;
    // 1 - prod_{i = n-c+1}^{n} (1 - k / i), the numerically stable form of the binomial ratio
    double missAll = 1.0;
    for (int i = n - c + 1; i <= n; i++) missAll *= 1.0 - (double) k / i;
    return 1.0 - missAll;
  }

  public static double mean(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
  }
}
