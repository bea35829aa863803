// What one evaluation measured: per-item predictions, the Scoreboard rows (per category + overall)
// and, beside each row, the text-only answer-prior baseline; plus timing and the settings used.
package org.anatomyr1.eval;

import java.util.List;
import java.util.Map;

/**
 * @param label          model name in tables
 * @param model          the evaluated model (directory or description)
 * @param k              samples per item
 * @param seed           sampling seed
 * @param maxNewTokens   completion budget
 * @param predictions    one per item, in item order
 * @param rows           Scoreboard rows: categories sorted by name, then "overall"
 * @param textOnly       category (and "overall") -> accuracy of the text-only answer prior
 * @param greedyNoAnswer share of items whose greedy completion had no extractable answer
 * @param seconds        wall time of the evaluation (model already loaded)
 */
public record EvalResult(String label, String model, int k, long seed, int maxNewTokens, List<Prediction> predictions,
    List<Scoreboard.Row> rows, Map<String, Double> textOnly, double greedyNoAnswer, double seconds) {

  public EvalResult {
    predictions = List.copyOf(predictions);
    rows = List.copyOf(rows);
    textOnly = Map.copyOf(textOnly);
  }

  /** The "overall" row (always the last). */
  public Scoreboard.Row overall() {
    return rows.get(rows.size() - 1);
  }
}
