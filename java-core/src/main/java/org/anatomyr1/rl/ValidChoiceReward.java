// Valid-choice reward: 1 when the answer names exactly one of the item's options (by letter or by
// text), right or wrong; 0 when it names none, several, or has no answer tag. An extension, off by
// default (the paper rewards accuracy and format only): a model that names something outside the
// option list gets the same 0 accuracy as a wrong option, so nothing tells it that answering among
// the options is the first step; this term does. Weight `reward.choice`.
package org.anatomyr1.rl;

public final class ValidChoiceReward implements RewardFunction {
  @Override
  public String name() {
    return "choice";
  }

  @Override
  public double score(RewardInput input) {
    return AnswerExtractor.choice(input.completion(), input.options()).isPresent() ? 1.0 : 0.0;
  }
}
