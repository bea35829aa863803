// The default synthetic question (IDENTIFY): one anatomy per frame, the answer among the options,
// and no text-only shortcut: the training split's answer prior stays near chance on val + test.
package org.anatomyr1.data;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.anatomyr1.data.synth.AnatomyClass;
import org.anatomyr1.data.synth.QuestionEngine;
import org.anatomyr1.data.synth.SyntheticAnatomyGenerator;
import org.anatomyr1.eval.TrainPriorBaseline;
import org.junit.jupiter.api.Test;

class IdentifyFamilyTest {
  @Test
  void imageOnlyQuestionsWithoutATextPrior() {
    var cfg = new SyntheticAnatomyGenerator.Config(600, 3, 112, 3, EnumSet.of(QuestionEngine.Family.IDENTIFY));
    List<VqaSample> train = new ArrayList<>();
    List<VqaSample> held = new ArrayList<>();
    for (var g : new SyntheticAnatomyGenerator(cfg).generate()) {
      assertEquals(1, g.scene().anatomies().size());
      for (VqaSample s : g.items()) {
        assertEquals(g.scene().anatomies().get(0).anatomy().displayName(), s.answer());
        assertEquals(4, s.options().stream().distinct().count());
        (s.split().equals("train") ? train : held).add(s);
      }
    }
    assertEquals(600, train.size() + held.size());
    double prior = TrainPriorBaseline.accuracy(train, held);
    assertTrue(Math.abs(prior - 0.25) < 0.1, "training-split answer prior " + prior + " near chance 0.25");
    // the SSG-VQA colour vocabulary reproduces the leak: a text-only rule (pick the one option whose
    // class has the question's colour word) answers most colour_name questions without the image
    var leaky = new SyntheticAnatomyGenerator(new SyntheticAnatomyGenerator.Config(300, 3, 112, 1,
        EnumSet.of(QuestionEngine.Family.COLOUR_NAME))).generate();
    int items = 0;
    int solved = 0;
    for (var g : leaky) {
      for (VqaSample s : g.items()) {
        items++;
        List<Integer> match = new ArrayList<>();
        for (int i = 0; i < s.options().size(); i++) {
          for (AnatomyClass c : AnatomyClass.values()) {
            if (c.displayName().equals(s.options().get(i)) && s.question().contains(" " + c.colourWord() + " ")) match.add(i);
          }
        }
        if (match.size() == 1 && match.get(0) == s.answerIndex()) solved++;
      }
    }
    assertTrue(solved > 0.4 * items, "colour_name leaks: the colour rule solves " + solved + " of " + items);
    assertThrows(IllegalArgumentException.class, () -> new SyntheticAnatomyGenerator.Config(10, 1, 112, 1,
        EnumSet.of(QuestionEngine.Family.IDENTIFY, QuestionEngine.Family.POSITION)));
  }
}
