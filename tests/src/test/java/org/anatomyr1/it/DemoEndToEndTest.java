// The main job end to end: `demo --quick` exits 0 and writes metrics, plots, report and the
// evaluation of zero-shot, SFT and RL models; at seed 0 RL Pass@1 is above SFT and zero-shot, SFT is at
// least chance + 15, the curriculum advances, and within its last bin the reward rises. About 90 s on an idle
// 2-core machine (150 s on a busy one); the only test of the whole pipeline, so it always runs.
package org.anatomyr1.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.anatomyr1.cli.Main;
import org.anatomyr1.report.EvalSummary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoEndToEndTest {
  static final long SEED = 0L;

  @Test
  void quickDemoRunsEndToEnd(@TempDir Path tmp) throws Exception {
    System.out.println("DemoEndToEndTest seed " + SEED);
    Path run = tmp.resolve("demo");
    assertEquals(0, Main.run("demo", "--quick", "--out", run.toString(), "--seed", String.valueOf(SEED)));
    for (String f : List.of("report.html", "summary.md", "summary.json", "rl/metrics.jsonl", "rl/config.yaml", "sft/metrics.jsonl",
        "rl/final/config.json", "plots/evaluation.png", "plots/rl-reward_curriculum.png", "plots/rl-invalid_gradient.png")) {
      assertTrue(Files.isRegularFile(run.resolve(f)), f + " written");
    }
    try (Stream<Path> plots = Files.list(run.resolve("plots"))) {
      for (Path p : plots.toList()) assertTrue(ImageIO.read(p.toFile()) != null, p + " decodes");
    }
    EvalSummary zero = EvalSummary.read(run.resolve("eval/zero-shot/eval.json"));
    EvalSummary sft = EvalSummary.read(run.resolve("eval/sft/eval.json"));
    EvalSummary rl = EvalSummary.read(run.resolve("eval/grpo+asc+gdqa/eval.json"));
    for (EvalSummary e : List.of(zero, sft, rl)) {
      assertEquals(5, e.k());
      assertEquals(e.items(), Files.readAllLines(e.file().resolveSibling("predictions.jsonl")).size());
    }
    String html = Files.readString(run.resolve("report.html"));
    assertTrue(html.contains("Pass@1") && html.contains("Avg@5") && html.contains("Major@5"), "evaluation table");
    assertTrue(rl.overall().pass1() > zero.overall().pass1(),
        "RL Pass@1 " + rl.overall().pass1() + " above zero-shot " + zero.overall().pass1());
    // issue 11: the demo learns the task, RL improves on SFT, and the curriculum moves (paper rule, no
    // step budget). Measured at seed 0 (2026-12-01): SFT 62.5, RL 79.2 on the 24 test items (4 items apart).
    // The full demo's 3 seeds do not show RL >= SFT + 5 (docs/EVALUATION.md): this pins the quick recipe.
    System.out.println("DemoEndToEndTest: RL Pass@1 " + rl.overall().pass1() + " vs SFT " + sft.overall().pass1());
    assertTrue(rl.overall().pass1() > sft.overall().pass1(),
        "RL Pass@1 " + rl.overall().pass1() + " above SFT " + sft.overall().pass1());
    assertTrue(sft.overall().pass1() >= 0.25 + 0.15, "SFT learns the image: Pass@1 " + sft.overall().pass1()
        + " >= chance + 15 points");
    var summary = new com.fasterxml.jackson.databind.ObjectMapper().readTree(run.resolve("summary.json").toFile());
    for (String m : List.of("zero-shot", "sft", "grpo+asc+gdqa")) {
      for (String key : List.of("pass@1", "avg@k", "major@k", "pass@k", "items")) {
        assertTrue(summary.at("/models/" + m + "/" + key).isNumber(), m + " " + key + " in summary.json");
      }
    }
    assertEquals(100 * rl.overall().pass1(), summary.at("/models/grpo+asc+gdqa/pass@1").asDouble(), 0.051);
    assertEquals(25.0, summary.get("chance").asDouble(), 1e-9);
    assertTrue(summary.get("text_only_model").isNumber() && summary.get("answer_prior").isNumber());
    // the curriculum advances (paper rule, threshold 0.3): at seed 0 the quick demo reaches bin 2
    assertTrue(summary.get("curriculum_bins_visited").size() >= 2, "the curriculum advanced: " + summary.get("curriculum_bins_visited"));
    System.out.println("DemoEndToEndTest: curriculum bins visited " + summary.get("curriculum_bins_visited"));
    // RL learns: within the bin the curriculum ended in, the mean reward of that stretch's last fifth of
    // steps is above its first fifth. (Across bins the reward falls by design: later bins are harder, so
    // the whole run's first and last fifth are not comparable once the curriculum advances.)
    List<double[]> lastBin = lastBinRewards(run.resolve("rl/metrics.jsonl"));
    assertTrue(lastBin.size() >= 10, "at least 10 steps in the last bin: " + lastBin.size());
    int fifth = lastBin.size() / 5;
    double first = lastBin.subList(0, fifth).stream().mapToDouble(r -> r[1]).average().orElseThrow();
    double last = lastBin.subList(lastBin.size() - fifth, lastBin.size()).stream().mapToDouble(r -> r[1]).average().orElseThrow();
    System.out.printf("DemoEndToEndTest: last bin, %d steps, mean reward first fifth %.3f, last fifth %.3f%n",
        lastBin.size(), first, last);
    assertTrue(last > first, "mean reward of the last bin's last fifth of steps " + last + " above its first fifth " + first);
  }

  /** (step, reward_mean) of the steps served from the bin the curriculum ended in, in step order. */
  private static List<double[]> lastBinRewards(Path metrics) throws java.io.IOException {
    var json = new com.fasterxml.jackson.databind.ObjectMapper();
    List<com.fasterxml.jackson.databind.JsonNode> rows = new java.util.ArrayList<>();
    for (String line : Files.readAllLines(metrics)) if (!line.isBlank()) rows.add(json.readTree(line));
    int finalBin = rows.get(rows.size() - 1).get("curriculum_bin").asInt();
    return rows.stream().filter(r -> r.get("curriculum_bin").asInt() == finalBin)
        .map(r -> new double[] {r.get("step").asDouble(), r.get("reward_mean").asDouble()}).toList();
  }
}
