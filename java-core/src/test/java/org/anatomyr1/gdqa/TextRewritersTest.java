package org.anatomyr1.gdqa;

import static org.junit.jupiter.api.Assertions.*;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.anatomyr1.data.SharedData;
import org.anatomyr1.data.SwiftJsonReader;
import org.anatomyr1.data.VqaSample;
import org.junit.jupiter.api.Test;

class TextRewritersTest {
  static final long SEED = 1234;

  static VqaSample item(String q) {
    return VqaSample.of("x", null, q, List.of("Liver", "Gut", "Omentum", "Cystic Plate"), 2, "Omentum");
  }

  @Test
  void paraphrasesOfKnownForms() {
    assertEquals(List.of("Which anatomy is at the top-left of the frame?",
        "What anatomy can be seen at the top-left of the frame?",
        "Name the anatomy located at the top-left of the frame.",
        "At the top-left of the frame, which anatomy is visible?"),
        QuestionParaphraser.paraphrases("What anatomy is at the top-left of the frame ?"));
    assertTrue(QuestionParaphraser.paraphrases("There is a brown anatomy, what is its name?")
        .contains("What is the name of the brown anatomy?"));
    assertTrue(QuestionParaphraser.paraphrases("What anatomy is below the grasper object?")
        .contains("There is an anatomy that is below the grasper object; what is it?"));
    assertTrue(QuestionParaphraser.paraphrases("What colour is the cystic duct?").contains("What is the colour of the cystic duct?"));
    assertEquals(List.of(), QuestionParaphraser.paraphrases("How many instruments are visible?"));
    VqaSample unknown = item("How many instruments are visible?");
    assertSame(unknown, new QuestionParaphraser().rewrite(unknown, new SplittableRandom(SEED)));
  }

  @Test
  void meaningCheckCatchesContentChanges() {
    QuestionParaphraser p = new QuestionParaphraser();
    assertTrue(p.keepsMeaning("What anatomy is at the top-left of the frame ?", "Which anatomy is at the top-left of the frame?"));
    assertFalse(p.keepsMeaning("What anatomy is at the top-left of the frame ?", "Which anatomy is at the top-right of the frame?"));
    assertFalse(p.keepsMeaning("What is the brown anatomy?", "What is the colour of the brown anatomy?"), "form changed");
    assertFalse(p.keepsMeaning("What is the name of the anatomy that is below the gut anatomy?",
        "What is the name of the anatomy that is above the gut anatomy?"));
    PreambleRewriter pre = new PreambleRewriter();
    assertTrue(pre.keepsMeaning("Q?", PreambleRewriter.LEAD_INS.get(0) + " Q?"));
    assertFalse(pre.keepsMeaning("Q?", "Some other lead-in. Q?"));
  }

  @Test
  void permutationRemapsTheAnswerAndReachesEveryOrder() {
    OptionPermutation perm = new OptionPermutation();
    VqaSample s = item("What is the yellow anatomy?");
    SplittableRandom rng = new SplittableRandom(SEED);
    Set<List<String>> seen = new HashSet<>();
    for (int i = 0; i < 2000; i++) {
      VqaSample r = perm.rewrite(s, rng);
      assertNull(AnswerCheck.violation(s, r, perm), "seed " + SEED);
      assertEquals("Omentum", r.answer());
      assertNotEquals(s.options(), r.options(), "never the identity");
      seen.add(r.options());
    }
    assertEquals(23, seen.size(), "all 4! - 1 non-identity orders occur (seed " + SEED + ")");
    VqaSample two = VqaSample.of("t", null, "q", List.of("a", "b"), 0, "c");
    assertEquals(List.of("b", "a"), perm.rewrite(two, rng).options());
    assertEquals(1, perm.rewrite(two, rng).answerIndex());
  }

  @Test
  void answerCheckRejectsABadRemap() {
    VqaSample s = item("What is the yellow anatomy?");
    VqaSample wrong = s.withOptions(List.of("Gut", "Liver", "Omentum", "Cystic Plate"), 0);
    assertTrue(AnswerCheck.violation(s, wrong, new OptionPermutation()).contains("answer text changed"));
    VqaSample lost = s.withOptions(List.of("Gut", "Liver", "Omentum", "Gallbladder"), 2);
    assertTrue(AnswerCheck.violation(s, lost, new OptionPermutation()).contains("option set changed"));
    assertThrows(IllegalStateException.class, () -> AnswerCheck.require(s, wrong, new OptionPermutation()));
  }

  @Test
  void registryRejectsDuplicatesAndListsValidNames() {
    assertThrows(IllegalArgumentException.class, () -> TextRewriters.register(new OptionPermutation()));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TextRewriters.get("backtranslate"));
    assertTrue(e.getMessage().contains("valid: paraphrase, permute, preamble"), e.getMessage());
  }

  @Test
  void everySyntheticQuestionFormIsRecognised() {
    var gen = new org.anatomyr1.data.synth.SyntheticAnatomyGenerator(
        new org.anatomyr1.data.synth.SyntheticAnatomyGenerator.Config(400, SEED, 128, 4)).generate();
    QuestionParaphraser para = new QuestionParaphraser();
    for (var g : gen) {
      for (VqaSample s : g.items()) {
        assertTrue(QuestionParaphraser.recognises(s.question()), s.question());
        for (String alt : QuestionParaphraser.paraphrases(s.question())) {
          assertNull(AnswerCheck.violation(s, s.withQuestion(alt), para), s.id() + ": " + alt);
        }
      }
    }
  }

  /** Issue 4, reference data: every question form is recognised, every rewrite keeps the answer. */
  @Test
  void everyRewriteOfTheReferenceDataKeepsItsAnswer() {
    SplittableRandom rng = new SplittableRandom(SEED);
    int rewrites = 0;
    for (String name : SharedData.FILES) {
      for (VqaSample s : new SwiftJsonReader().read(SharedData.file(name)).samples()) {
        assertTrue(QuestionParaphraser.recognises(s.question()), name + ": " + s.question());
        QuestionParaphraser para = new QuestionParaphraser();
        for (String alt : QuestionParaphraser.paraphrases(s.question())) {
          assertNull(AnswerCheck.violation(s, s.withQuestion(alt), para), s.id());
          rewrites++;
        }
        for (String r : TextRewriters.names()) {
          TextRewriter rw = TextRewriters.get(r);
          assertNull(AnswerCheck.violation(s, rw.rewrite(s, rng), rw), s.id() + " " + r + " seed " + SEED);
        }
      }
    }
    assertTrue(rewrites >= 3 * 3000, "at least 3 paraphrases per reference question, got " + rewrites);
  }
}
