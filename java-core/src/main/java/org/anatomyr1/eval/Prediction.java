// One line of predictions.jsonl: the item, the greedy completion and choice, and the k sampled
// choices (completions are kept for the greedy pass only, to keep the file small).
package org.anatomyr1.eval;

import java.util.List;

/**
 * @param greedyCompletion the decoded greedy completion (special tokens removed)
 * @param greedyChoice     option index extracted from it, {@link ItemOutcome#NO_ANSWER} when none
 * @param sampledChoices   the k sampled choices, NO_ANSWER where none
 */
public record Prediction(String id, String category, List<String> options, int answerIndex, String greedyCompletion,
    int greedyChoice, List<Integer> sampledChoices) {
  public Prediction {
    options = List.copyOf(options);
    sampledChoices = List.copyOf(sampledChoices);
  }

  public ItemOutcome outcome() {
    return new ItemOutcome(id, category, options.size(), answerIndex, greedyChoice, sampledChoices);
  }
}
