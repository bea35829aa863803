// What evaluation recorded for one question: the greedy answer and k sampled answers, as option
// indices (-1 when no single answer could be extracted), and the correct index.
package org.anatomyr1.eval;

import java.util.List;

/**
 * @param id the item id
 * @param category e.g. the anatomy
 * @param optionCount how many options the question had (for the chance level)
 * @param answerIndex the correct option
 * @param greedyChoice the greedy (temperature 0) answer, -1 when none
 * @param sampledChoices the k sampled answers, -1 where none
 */
public record ItemOutcome(String id, String category, int optionCount, int answerIndex, int greedyChoice,
    List<Integer> sampledChoices) {

  public static final int NO_ANSWER = -1;

  public ItemOutcome {
    if (optionCount < 2) throw new IllegalArgumentException("item " + id + ": optionCount must be >= 2");
    if (answerIndex < 0 || answerIndex >= optionCount) {
      throw new IllegalArgumentException("item " + id + ": answerIndex " + answerIndex + " outside [0, " + optionCount + ")");
    }
    sampledChoices = List.copyOf(sampledChoices);
  }

  public int correctSamples() {
    return (int) sampledChoices.stream().filter(c -> c == answerIndex).count();
  }
}
