// The report of a synthetic run: metrics.jsonl (GRPO keys, a partial last line), config.yaml and
// two evaluations become decodable PNG plots and an HTML page with the evaluation table.
package org.anatomyr1.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.anatomyr1.eval.EvalFiles;
import org.anatomyr1.eval.EvalResult;
import org.anatomyr1.eval.ItemOutcome;
import org.anatomyr1.eval.Prediction;
import org.anatomyr1.eval.Scoreboard;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportWriterTest {
  static final long SEED = 3L;
  static final int STEPS = 30;

  static void writeMetrics(Path file, SplittableRandom r) throws Exception {
    StringBuilder s = new StringBuilder();
    for (int step = 1; step <= STEPS; step++) {
      double reward = 0.2 + 0.6 * step / STEPS + 0.05 * r.nextDouble();
      s.append(String.format(Locale.ROOT, "{\"step\":%d,\"reward_mean\":%.4f,\"reward_std\":0.3,"
          + "\"reward/accuracy_mean\":%.4f,\"reward/format_mean\":%.4f,\"zero_variance_fraction\":0.25,"
          + "\"invalid_gradient_ratio/liver\":%.3f,\"invalid_gradient_ratio/gallbladder\":%.3f,"
          + "\"kl\":%.5f,\"clip_fraction\":0.01,\"entropy\":1.2,\"completion_length_mean\":20,\"gpg_alpha\":1.0,"
          + "\"curriculum_bin\":%d,\"curriculum_sq_min\":%.3f,\"curriculum_sq_max\":%.3f,\"loss\":%.4f,\"lr\":1e-5,"
          + "\"grad_norm\":0.5,\"skipped\":false}%n", step, reward, reward * 0.9, reward * 1.1,
          1 - reward, r.nextDouble(), 0.001 * step, step * 3 / STEPS, 0.1 * (step * 3 / STEPS), 0.1 * (step * 3 / STEPS) + 0.1,
          1 - reward));
    }
    s.append("{\"step\":31,\"rew"); // a run killed mid-write
    Files.writeString(file, s.toString());
  }

  static EvalResult eval(String label, int right) {
    List<Prediction> preds = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      int choice = i < right ? 0 : 1;
      preds.add(new Prediction("q" + i, i % 2 == 0 ? "liver" : "fat", List.of("a", "b", "c", "d"), 0, "", choice,
          List.of(choice, 1, choice, ItemOutcome.NO_ANSWER, 0)));
    }
    return new EvalResult(label, "dir", 5, 1, 16, preds, Scoreboard.rows(preds.stream().map(Prediction::outcome).toList()),
        Map.of("liver", 0.2, "fat", 0.4, Scoreboard.OVERALL, 0.3), 0.0, 1.0);
  }

  @Test
  void writesPlotsAndHtml(@TempDir Path run) throws Exception {
    System.out.println("ReportWriterTest seed " + SEED);
    writeMetrics(run.resolve("metrics.jsonl"), new SplittableRandom(SEED));
    Files.writeString(run.resolve("config.yaml"), "algo: 'grpo'\ncurriculum: 'asc'\n");
    EvalFiles.write(eval("zero-shot", 3), run.resolve("eval/zero-shot"));
    EvalFiles.write(eval("rl", 8), run.resolve("eval/rl"));
    Files.setLastModifiedTime(run.resolve("eval/rl/eval.json"),
        java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 5000)); // evaluated last

    ReportWriter.Report report = ReportWriter.write(run);
    List<String> names = report.plots().stream().map(p -> p.getFileName().toString()).toList();
    assertEquals(List.of("evaluation.png", "reward_curriculum.png", "invalid_gradient.png", "training.png"), names);
    for (Path png : report.plots()) {
      BufferedImage img = ImageIO.read(png.toFile());
      assertTrue(img != null && img.getWidth() >= Figures.WIDTH && img.getHeight() >= Figures.HEIGHT, png + " decodes");
      assertTrue(distinctColours(img) > 5, png + " has content");
    }
    String html = Files.readString(report.html());
    assertTrue(html.contains("<img src=\"plots/reward_curriculum.png\""), "relative image links");
    assertTrue(html.contains("<td>zero-shot</td><td>10</td><td>30.0</td>"), "zero-shot Pass@1 row");
    assertTrue(html.contains("<td>rl</td><td>10</td><td>80.0</td>"), "rl Pass@1 row");
    assertTrue(html.indexOf("<td>zero-shot</td>") < html.indexOf("<td>rl</td>"), "evaluation order");
    assertTrue(html.contains("curriculum: &#39;asc&#39;") || html.contains("curriculum: 'asc'"), "config shown");
    assertEquals(List.of("zero-shot", "rl"), report.evaluations().stream().map(EvalSummary::label).toList());

    MetricsLog log = MetricsLog.read(run.resolve("metrics.jsonl"));
    assertEquals(STEPS, log.steps());
    assertTrue(log.meanOfFraction("reward_mean", 0.2, true) > log.meanOfFraction("reward_mean", 0.2, false));
    assertEquals(0.0, log.series("skipped").values()[0]);
  }

  @Test
  void comparesSubRuns(@TempDir Path run) throws Exception {
    for (String method : List.of("grpo", "grpo+asc+gdqa")) {
      Files.createDirectories(run.resolve(method));
      writeMetrics(run.resolve(method).resolve("metrics.jsonl"), new SplittableRandom(SEED + method.length()));
    }
    ReportWriter.Report report = ReportWriter.write(run, "experiments", "| table |");
    List<String> names = report.plots().stream().map(p -> p.getFileName().toString()).toList();
    assertTrue(names.containsAll(List.of("comparison_reward.png", "comparison_invalid_gradient.png",
        "grpo-reward_curriculum.png", "grpo+asc+gdqa-invalid_gradient.png")), names.toString());
    for (Path png : report.plots()) assertTrue(ImageIO.read(png.toFile()) != null, png + " decodes");
    String html = Files.readString(report.html());
    assertTrue(html.contains("Training: grpo+asc+gdqa") && html.contains("| table |"), "sections and extra text");
  }

  @Test
  void badMetricsNameTheLine(@TempDir Path run) throws Exception {
    Files.writeString(run.resolve("metrics.jsonl"), "{\"step\":1}\nnot json\n{\"step\":3}\n");
    var e = assertThrows(IllegalArgumentException.class, () -> ReportWriter.write(run));
    assertTrue(e.getMessage().contains("line 2"), e.getMessage());
    Files.writeString(run.resolve("metrics.jsonl"), "{\"loss\":1}\n");
    e = assertThrows(IllegalArgumentException.class, () -> ReportWriter.write(run));
    assertTrue(e.getMessage().contains("'step'"), e.getMessage());
  }

  @Test
  void emptyRunSaysSo(@TempDir Path run) throws Exception {
    String html = Files.readString(ReportWriter.write(run).html());
    assertTrue(html.contains("Nothing to report yet"));
  }

  @Test
  void trailingMeanSmooths() {
    double[] m = Figures.trailingMean(new double[] {1, 3, 5, 7}, 2);
    assertEquals(List.of(1.0, 2.0, 4.0, 6.0), java.util.Arrays.stream(m).boxed().toList());
  }

  static int distinctColours(BufferedImage img) {
    java.util.Set<Integer> seen = new java.util.HashSet<>();
    for (int y = 0; y < img.getHeight(); y += 7) for (int x = 0; x < img.getWidth(); x += 7) seen.add(img.getRGB(x, y));
    return seen.size();
  }
}
