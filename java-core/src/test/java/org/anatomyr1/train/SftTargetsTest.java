// SFT target texts, written out by hand for one item, and read back by the answer extractor to the
// item's own choice (the trainers' rewards and the evaluation use that extractor).
package org.anatomyr1.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.anatomyr1.data.VqaSample;
import org.anatomyr1.rl.AnswerExtractor;
import org.junit.jupiter.api.Test;

class SftTargetsTest {
  private static final VqaSample ITEM = VqaSample.of("x1", "a.png", "What anatomy is shown in the frame?",
      List.of("Liver", "Cystic Duct", "Gut", "Omentum"), 2, "Gut");

  @Test
  void everyModeByHand() {
    assertEquals("<answer>C. Gut</answer>", SftTargets.of(ITEM, "answer"));
    assertEquals("<think>question: What anatomy is, correct answer: Gut, choice: C</think><answer>C. Gut</answer>",
        SftTargets.of(ITEM, "cot"));
    assertEquals("<think>question: What anatomy is, correct answer: Gut</think><answer>Gut</answer>",
        SftTargets.of(ITEM, "cot-name"));
  }

  @Test
  void everyModeReadsBackAsTheItemsChoice() {
    for (String mode : List.of("answer", "cot", "cot-name")) {
      assertEquals(2, AnswerExtractor.choice(SftTargets.of(ITEM, mode), ITEM.options()).orElse(-1), mode);
    }
  }

  @Test
  void unknownModeIsNamed() {
    var e = assertThrows(IllegalArgumentException.class, () -> SftTargets.of(ITEM, "letters"));
    assertTrue(e.getMessage().contains("sft.mode") && e.getMessage().contains("letters"), e.getMessage());
  }
}
