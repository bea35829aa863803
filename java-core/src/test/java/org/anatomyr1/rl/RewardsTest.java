// Hand-computed tables for answer extraction and the accuracy / format / valid-choice / overlong rewards.
package org.anatomyr1.rl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class RewardsTest {
  static final List<String> OPTIONS = List.of("Gallbladder", "Liver", "Cystic Duct", "Duct");

  static RewardInput input(String completion) {
    return new RewardInput(completion, OPTIONS, 1, 10, false); // correct: B. Liver
  }

  @ParameterizedTest(name = "[{index}] {0} -> accuracy {1}")
  @CsvSource(delimiter = '|', value = {
      "<think>x</think><answer>B</answer>|1",
      "<think>x</think><answer>B.</answer>|1",
      "<think>x</think><answer>(B)</answer>|1",
      "<think>x</think><answer>B. Liver</answer>|1",
      "<think>x</think><answer>liver</answer>|1",
      "<think>x</think><answer> The answer is B </answer>|1",
      "<think>x</think><answer>A</answer>|0",
      "<think>x</think><answer>B. Gallbladder</answer>|0",
      "<think>x</think><answer>A or B</answer>|0",
      "<think>x</think>B|0",
      "<answer>B</answer><answer>B</answer>|0",
      "<answer></answer>|0",
      "<answer>Bile</answer>|0",
  })
  void accuracyTable(String completion, int expected) {
    assertEquals(expected, new AccuracyReward().score(input(completion)));
  }

  @ParameterizedTest(name = "[{index}] {0} -> choice {1}")
  @CsvSource(delimiter = '|', value = {
      "<think>x</think><answer>B</answer>|1",         // right
      "<think>x</think><answer>Gallbladder</answer>|1", // wrong, but an option
      "<think>x</think><answer>D. Duct</answer>|1",
      "<think>x</think><answer>Omentum</answer>|0",   // names no option
      "<think>x</think><answer>A or B</answer>|0",    // two options
      "<think>x</think><answer>E</answer>|0",         // a letter past the options
      "<think>x</think>B|0",                          // no answer tag
  })
  void validChoiceTable(String completion, int expected) {
    assertEquals(expected, new ValidChoiceReward().score(input(completion)));
  }

  @Test
  void nestedOptionTextsPickTheLongest() {
    var in = new RewardInput("<answer>Cystic Duct</answer>", OPTIONS, 2, 5, false);
    assertEquals(1.0, new AccuracyReward().score(in));
    var wrong = new RewardInput("<answer>Cystic Duct</answer>", OPTIONS, 3, 5, false);
    assertEquals(0.0, new AccuracyReward().score(wrong));
  }

  @Test
  void permutedOptionsAreScoredByText() {
    // GDQA moved Liver to position A: the letter A is now correct
    var in = new RewardInput("<answer>A</answer>", List.of("Liver", "Gallbladder", "Omentum", "Duct"), 0, 3, false);
    assertEquals(1.0, new AccuracyReward().score(in));
  }

  @ParameterizedTest(name = "[{index}] {0} -> format {1}")
  @CsvSource(delimiter = '|', value = {
      "<think>because</think><answer>B</answer>|1",
      "'  <think>a\\nb</think>\\n<answer>B</answer>\\n'|1",
      "<answer>B</answer>|0",
      "<think>x</think>|0",
      "<think>x</think><answer>B</answer> trailing|0",
      "<think>x</think><think>y</think><answer>B</answer>|0",
      "<think>x</think><answer>B</answer><answer>C</answer>|0",
      "preamble <think>x</think><answer>B</answer>|0",
  })
  void formatTable(String completion, int expected) {
    assertEquals(expected, new FormatReward().score(input(completion.replace("\\n", "\n"))));
  }

  @ParameterizedTest(name = "[{index}] {0} tokens -> {1}")
  @CsvSource({"0, 0.0", "96, 0.0", "100, -0.125", "112, -0.5", "128, -1.0", "200, -1.0"})
  void softOverlong(int tokens, double expected) {
    // max 128, buffer 32: free up to 96 tokens, then linear to -1 at 128
    var penalty = new SoftOverlongPenalty(128, 32);
    assertEquals(expected, penalty.score(new RewardInput("", OPTIONS, 0, tokens, tokens >= 128)), 1e-12);
  }

  @Test
  void weightedSumKeepsEachValue() {
    var rewards = new WeightedRewards(List.of(new WeightedRewards.Term(new AccuracyReward(), 1.0),
        new WeightedRewards.Term(new FormatReward(), 0.5)));
    var scored = rewards.score(input("<think>x</think><answer>B</answer>"));
    assertEquals(1.5, scored.total());
    assertEquals(1.0, scored.perFunction().get("accuracy"));
    assertEquals(1.0, scored.perFunction().get("format"));
    var wrongFormat = rewards.score(input("<answer>B</answer>"));
    assertEquals(1.0, wrongFormat.total());
  }

  @Test
  void registryRejectsDuplicatesAndListsValidNames() {
    var registry = RewardRegistry.defaults();
    assertThrows(IllegalArgumentException.class, () -> registry.register("accuracy", AccuracyReward::new));
    var e = assertThrows(IllegalArgumentException.class, () -> registry.create("bleu"));
    assertEquals("unknown reward 'bleu'; valid: accuracy, format, choice", e.getMessage());
  }
}
