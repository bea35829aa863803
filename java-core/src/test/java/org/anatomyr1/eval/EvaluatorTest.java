// Evaluation of a random tiny model on a few synthetic items: output shapes, metrics in [0, 1],
// one predictions.jsonl line per item, the same results for the same seed; and the scoring of
// hand-made predictions against hand-computed Pass@1 / Avg@k / Major@k.
package org.anatomyr1.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.anatomyr1.data.VqaSample;
import org.anatomyr1.model.core.ComputeSettings;
import org.anatomyr1.rollout.SamplingSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvaluatorTest {
  static final long SEED = 11L;
  static final double EXACT = 1e-12; // metrics are ratios of small integers

  static EvalSettings settings(Path data, Path out) {
    return new EvalSettings(3, 6, EvalSettings.paperSampling(SEED), 4, ComputeSettings.cpuFloat32(), data, out, "tiny");
  }

  @Test
  void evaluatesTinyModelDeterministically(@TempDir Path tmp) throws Exception {
    System.out.println("EvaluatorTest seed " + SEED);
    List<VqaSample> items = TinyEvalFixture.items(tmp.resolve("data"), 6, SEED);
    Path model = TinyEvalFixture.tinyModel(tmp.resolve("model"), items, SEED);
    EvalResult a = Evaluator.evaluate(model, items, settings(tmp.resolve("data"), null));
    EvalResult b = Evaluator.evaluate(model, items, settings(tmp.resolve("data"), null));
    assertEquals(items.size(), a.predictions().size());
    for (int i = 0; i < items.size(); i++) {
      Prediction p = a.predictions().get(i);
      assertEquals(items.get(i).id(), p.id());
      assertEquals(3, p.sampledChoices().size());
      assertTrue(p.greedyChoice() >= ItemOutcome.NO_ANSWER && p.greedyChoice() < p.options().size());
      assertEquals(p, b.predictions().get(i), "same seed, same predictions for item " + i);
    }
    for (Scoreboard.Row row : a.rows()) {
      for (double v : new double[] {row.pass1(), row.avgAtK(), row.majorAtK(), row.passAtK(), row.chance()}) {
        assertTrue(v >= 0 && v <= 1, row + " metric outside [0, 1]");
      }
    }
    assertEquals(Scoreboard.OVERALL, a.overall().category());
    assertEquals(items.size(), a.overall().items());
    assertEquals(org.anatomyr1.data.AnswerPriorBaseline.accuracy(items), a.textOnly().get(Scoreboard.OVERALL), EXACT,
        "text-only overall equals the data package's answer prior");
    long greedyRight = a.predictions().stream().filter(p -> p.greedyChoice() == p.answerIndex()).count();
    assertEquals((double) greedyRight / items.size(), a.overall().pass1(), EXACT);

    Path out = tmp.resolve("eval");
    EvalFiles.write(a, out);
    assertEquals(items.size(), Files.readAllLines(out.resolve(EvalFiles.PREDICTIONS)).size());
    JsonNode summary = new ObjectMapper().readTree(out.resolve(EvalFiles.SUMMARY).toFile());
    assertEquals(a.rows().size(), summary.get("rows").size());
    assertEquals(3, summary.get("k").asInt());
    assertTrue(Files.readString(out.resolve(EvalFiles.TABLE)).contains("| overall | " + items.size() + " |"));
    try (var files = Files.list(out)) {
      assertEquals(3, files.count(), "no temporary files left behind");
    }
  }

  @Test
  void scoresHandMadePredictions() {
    VqaSample q1 = VqaSample.of("q1", "a.png", "Which organ?", List.of("liver", "gallbladder", "fat", "grasper"), 1, "gallbladder");
    VqaSample q2 = VqaSample.of("q2", "a.png", "Which organ?", List.of("liver", "gallbladder", "fat"), 0, "liver");
    // q1: greedy right, samples 2 of 4 right, majority tie B,C -> B first -> right
    // q2: greedy wrong, samples 1 of 4 right, majority C -> wrong
    List<Prediction> preds = List.of(
        new Prediction("q1", "gallbladder", q1.options(), 1, "<answer>B</answer>", 1, List.of(1, 2, 1, 2)),
        new Prediction("q2", "liver", q2.options(), 0, "<answer>C</answer>", 2, List.of(2, 0, 2, -1)));
    EvalSettings s = new EvalSettings(4, 8, EvalSettings.paperSampling(1), 2, null, null, null, "hand");
    EvalResult r = Evaluator.summarise("hand", "none", s, List.of(q1, q2), preds, 0);
    Scoreboard.Row all = r.overall();
    assertEquals(0.5, all.pass1(), EXACT);
    assertEquals((0.5 + 0.25) / 2, all.avgAtK(), EXACT);
    assertEquals(0.5, all.majorAtK(), EXACT);
    assertEquals(1.0, all.passAtK(), EXACT); // both items have a correct sample among k = n
    assertEquals((0.25 + 1.0 / 3) / 2, all.chance(), EXACT);
    assertEquals(0.0, r.greedyNoAnswer(), EXACT);
    assertEquals(3, r.rows().size());
    assertTrue(EvalTables.comparisonTable(List.of(r, r)).lines().count() == 6);
  }

  @Test
  void extractsChoicesFromCompletions() {
    List<String> options = List.of("liver", "gallbladder", "cystic duct");
    assertEquals(1, Evaluator.choice("<think>green</think><answer>B. gallbladder</answer>", options));
    assertEquals(2, Evaluator.choice("<answer>cystic duct</answer>", options));
    assertEquals(ItemOutcome.NO_ANSWER, Evaluator.choice("<answer>A or B</answer>", options));
    assertEquals(ItemOutcome.NO_ANSWER, Evaluator.choice("B", options));
  }

  @Test
  void rejectsBadItemsNamingThem() {
    VqaSample noImage = VqaSample.of("x7", null, "Which?", List.of("a", "b"), 0, "c");
    var e = assertThrows(IllegalArgumentException.class,
        () -> Evaluator.evaluate(Path.of("/nonexistent"), List.of(noImage), settings(null, null)));
    assertTrue(e.getMessage().contains("x7") && e.getMessage().contains("image"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new EvalSettings(0, 8, EvalSettings.paperSampling(1), 2, null, null, null, "x"));
    assertThrows(IllegalArgumentException.class,
        () -> new EvalSettings(2, 8, SamplingSettings.greedy(), 2, null, null, null, "x"));
  }
}
