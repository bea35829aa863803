// Accuracy reward: 1 when the extracted choice is the correct option, else 0. Compared by option
// text, so a GDQA option permutation never turns a right answer wrong.
package org.anatomyr1.rl;

import java.util.OptionalInt;

public final class AccuracyReward implements RewardFunction {
  @Override
  public String name() {
    return "accuracy";
  }

  @Override
  public double score(RewardInput input) {
    OptionalInt choice = AnswerExtractor.choice(input.completion(), input.options());
    if (choice.isEmpty()) return 0.0;
    String chosen = AnswerExtractor.normalize(input.options().get(choice.getAsInt()));
    return chosen.equals(AnswerExtractor.normalize(input.correctOption())) ? 1.0 : 0.0;
  }
}
