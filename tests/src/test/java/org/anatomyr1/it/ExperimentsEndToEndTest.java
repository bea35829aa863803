// `experiments --seeds 2` end to end: the small case (4 methods, 60 items, 20 SFT / 3 RL steps,
// about 1.5-3 min on 2 cores) always runs; the acceptance command `experiments --quick --seeds 2`
// with every method runs with -Dar1.heavy=true (about 25 min on an idle 2-core machine). Both check
// the outputs' structure and recompute what can be recomputed from the per-seed eval files: each
// mean from the seeds' Pass@1, the 2-seed t-interval (clipped to [0, 100]), the McNemar counts from
// the two methods' predictions.jsonl, and the per-bin item counts.
package org.anatomyr1.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.anatomyr1.cli.Main;
import org.anatomyr1.report.EvalSummary;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExperimentsEndToEndTest {
  static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void smallTwoSeedRun(@TempDir Path tmp) throws Exception {
    Path run = tmp.resolve("exp");
    long t0 = System.nanoTime();
    assertEquals(0, Main.run("experiments", "--quick", "--seeds", "2", "--methods", "sft,grpo,grpo+gdqa,grpo+asc+gdqa",
        "--items", "60", "--base-steps", "10", "--set", "sft.steps=20", "--set", "steps=3", "--jobs", "2", "--out",
        run.toString()));
    System.out.printf("ExperimentsEndToEndTest small: %.0f s%n", (System.nanoTime() - t0) / 1e9);
    check(run, List.of("sft", "grpo", "grpo+gdqa", "grpo+asc+gdqa"), List.of());

    // the same seed 0, one run at a time: runs side by side must not change a single prediction
    Path serial = tmp.resolve("exp-serial");
    assertEquals(0, Main.run("experiments", "--quick", "--seeds", "1", "--methods", "sft,grpo,grpo+gdqa,grpo+asc+gdqa",
        "--items", "60", "--base-steps", "10", "--set", "sft.steps=20", "--set", "steps=3", "--jobs", "1", "--out",
        serial.toString()));
    for (String m : List.of("sft", "grpo", "grpo+gdqa", "grpo+asc+gdqa")) {
      Path p = Path.of("seed-0", "eval", m, "predictions.jsonl");
      assertEquals(Files.readString(serial.resolve(p)), Files.readString(run.resolve(p)), m + ": --jobs 1 against --jobs 2");
    }
  }

  @Test
  void quickPresetTwoSeeds(@TempDir Path tmp) throws Exception {
    Assumptions.assumeTrue(Boolean.getBoolean("ar1.heavy"), "heavy: run with -Dar1.heavy=true");
    Path run = tmp.resolve("exp");
    long t0 = System.nanoTime();
    assertEquals(0, Main.run("experiments", "--quick", "--seeds", "2", "--out", run.toString()));
    System.out.printf("ExperimentsEndToEndTest --quick --seeds 2: %.0f s%n", (System.nanoTime() - t0) / 1e9);
    check(run, List.of("zero-shot", "sft", "cot-sft", "grpo", "dapo", "gpg", "dr_grpo", "grpo+asc", "grpo+gdqa",
        "grpo+asc+gdqa"), List.of("grpo+asc+gdqa", "grpo+asc+gdqa-no-text", "grpo+asc+gdqa-no-image"));
  }

  static void check(Path run, List<String> table1, List<String> table2) throws Exception {
    for (String f : List.of("experiments.md", "experiments.json", "report.html", "plots/figure5_reward_sq.png",
        "plots/figure6_invalid_gradient.png", "seed-0/report.html", "seed-1/grpo/metrics.jsonl")) {
      assertTrue(Files.isRegularFile(run.resolve(f)), f + " written");
    }
    for (String png : List.of("plots/figure5_reward_sq.png", "plots/figure6_invalid_gradient.png")) {
      assertTrue(ImageIO.read(run.resolve(png).toFile()) != null, png + " decodes");
    }
    JsonNode j = JSON.readTree(run.resolve("experiments.json").toFile());
    assertEquals("[0,1]", j.get("seeds").toString());
    assertEquals(table1.size(), j.get("table1").size());
    assertEquals(table2.size(), j.get("table2").size());
    for (String m : table1) checkMethod(run, m, j.at("/table1/" + m));
    for (String m : table2) checkMethod(run, m, j.at("/table2/" + m));
    checkPaired(run, j.get("paired"));
    for (String m : table1) {
      int items = 0;
      for (JsonNode bin : j.at("/accuracy_by_bin/" + m)) items += bin.get("items").asInt();
      assertEquals(j.at("/table1/" + m + "/items").asInt(), items, m + ": every (seed, item) in one bin");
    }
    String md = Files.readString(run.resolve("experiments.md"));
    for (String m : table1) assertTrue(md.contains("| " + m + " | "), m + " row in experiments.md");
    assertTrue(md.contains("## Paired test") && md.contains("Accuracy per ASC difficulty bin"), md);
  }

  /** The mean is the seeds' mean Pass@1; the interval is mean +- t(0.975, 1) |m0 - m1| / 2, clipped. */
  static void checkMethod(Path run, String m, JsonNode row) {
    double m0 = 100 * EvalSummary.read(run.resolve("seed-0/eval/" + m + "/eval.json")).overall().pass1();
    double m1 = 100 * EvalSummary.read(run.resolve("seed-1/eval/" + m + "/eval.json")).overall().pass1();
    JsonNode p = row.get("pass@1");
    double mean = (m0 + m1) / 2;
    double half = 12.7062 * Math.abs(m0 - m1) / 2;
    assertEquals(mean, p.get("mean").asDouble(), 0.01, m + " mean");
    assertEquals(Math.max(0, mean - half), p.get("low").asDouble(), 0.02, m + " low");
    assertEquals(Math.min(100, mean + half), p.get("high").asDouble(), 0.02, m + " high");
    for (String k : List.of("pass@1", "avg@k", "major@k")) {
      JsonNode ci = row.get(k);
      assertTrue(ci.get("low").asDouble() <= ci.get("mean").asDouble() && ci.get("mean").asDouble() <= ci.get("high").asDouble()
          && ci.get("low").asDouble() >= 0 && ci.get("high").asDouble() <= 100, m + " " + k + ": " + ci);
    }
  }

  /** only_a / only_b recounted from the two methods' predictions.jsonl; the p-value in [0, 1]. */
  static void checkPaired(Path run, JsonNode paired) throws Exception {
    int onlyA = 0;
    int onlyB = 0;
    for (String seed : List.of("seed-0", "seed-1")) {
      Map<String, Boolean> b = greedyRight(run.resolve(seed + "/eval/grpo/predictions.jsonl"));
      for (var e : greedyRight(run.resolve(seed + "/eval/grpo+asc+gdqa/predictions.jsonl")).entrySet()) {
        boolean other = b.get(e.getKey());
        if (e.getValue() && !other) onlyA++;
        if (!e.getValue() && other) onlyB++;
      }
    }
    assertEquals(onlyA, paired.at("/pass@1/only_a").asInt());
    assertEquals(onlyB, paired.at("/pass@1/only_b").asInt());
    double p = paired.at("/pass@1/p_value").asDouble();
    assertTrue(p >= 0 && p <= 1, "p " + p);
    if (onlyA + onlyB == 0) assertEquals(1.0, p);
  }

  static Map<String, Boolean> greedyRight(Path predictions) throws Exception {
    Map<String, Boolean> out = new HashMap<>();
    for (String line : Files.readAllLines(predictions)) {
      JsonNode n = JSON.readTree(line);
      out.put(n.get("id").asText(), n.get("greedy_choice").asInt() == n.get("answer").asInt());
    }
    return out;
  }
}
