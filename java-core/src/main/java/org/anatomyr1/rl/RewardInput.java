// What a reward function sees of one completion: its text, the options exactly as the prompt
// showed them (after any GDQA permutation), and which of them is correct.
package org.anatomyr1.rl;

import java.util.List;

/**
 * @param completion the generated text (special tokens removed)
 * @param options the options in the order the prompt listed them (A, B, C, ...)
 * @param answerIndex index of the correct option in {@code options}
 * @param completionTokens length of the completion in tokens
 * @param truncated true when generation stopped at the token limit, not at a stop token
 */
public record RewardInput(String completion, List<String> options, int answerIndex,
    int completionTokens, boolean truncated) {

  public RewardInput {
    if (completion == null) throw new IllegalArgumentException("RewardInput.completion must not be null");
    options = List.copyOf(options);
    if (options.size() < 2) {
      throw new IllegalArgumentException("RewardInput.options needs at least 2 options, got " + options.size());
    }
    if (answerIndex < 0 || answerIndex >= options.size()) {
      throw new IllegalArgumentException("RewardInput.answerIndex " + answerIndex + " is not in [0, "
          + options.size() + ")");
    }
    if (completionTokens < 0) {
      throw new IllegalArgumentException("RewardInput.completionTokens must be >= 0, got " + completionTokens);
    }
  }

  public String correctOption() {
    return options.get(answerIndex);
  }
}
