// Format reward: 1 when the completion is exactly one <think>...</think> followed by exactly one
// <answer>...</answer> and nothing else (ms-swift's `format` regex, plus the single-block rule).
package org.anatomyr1.rl;

import java.util.regex.Pattern;

public final class FormatReward implements RewardFunction {
  private static final Pattern SHAPE =
      Pattern.compile("\\s*<think>(.*?)</think>\\s*<answer>(.*?)</answer>\\s*", Pattern.DOTALL);

  @Override
  public String name() {
    return "format";
  }

  @Override
  public double score(RewardInput input) {
    var m = SHAPE.matcher(input.completion());
    if (!m.matches()) return 0.0;
    // a second tag hidden inside either block is a second block
    for (int g = 1; g <= 2; g++) {
      String inside = m.group(g);
      if (inside.contains("<think>") || inside.contains("</think>")
          || inside.contains("<answer>") || inside.contains("</answer>")) {
        return 0.0;
      }
    }
    return 1.0;
  }
}
