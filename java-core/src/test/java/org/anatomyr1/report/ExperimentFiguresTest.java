// Figures 5 and 6 over seeds: the per-step mean over seeds (a step logged by one seed only keeps
// that seed's value), the per-anatomy mean over (seed, step), and both charts render to PNGs that
// decode, written through ReportWriter.save.
package org.anatomyr1.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExperimentFiguresTest {
  static MetricsLog log(Path dir, String name, String... lines) throws Exception {
    Path f = dir.resolve(name + ".jsonl");
    Files.writeString(f, String.join("\n", lines) + "\n");
    return MetricsLog.read(f);
  }

  @Test
  void averagesOverSeedsAndRenders(@TempDir Path tmp) throws Exception {
    MetricsLog a0 = log(tmp, "a0", "{\"step\":1,\"reward_mean\":0.2,\"curriculum_sq_mean\":0.5,\"invalid_gradient_ratio/liver\":1.0}",
        "{\"step\":2,\"reward_mean\":0.4,\"curriculum_sq_mean\":0.6,\"invalid_gradient_ratio/liver\":0.5,"
            + "\"invalid_gradient_ratio/heart\":0.0}");
    MetricsLog a1 = log(tmp, "a1", "{\"step\":1,\"reward_mean\":0.6,\"curriculum_sq_mean\":0.7,\"invalid_gradient_ratio/liver\":0.0}");
    MetricsLog b0 = log(tmp, "b0", "{\"step\":1,\"reward_mean\":0.9,\"invalid_gradient_ratio/liver\":0.25}");
    MetricsLog.Series r = ExperimentFigures.meanOverSeeds(List.of(a0, a1), "reward_mean");
    assertArrayEquals(new double[] {1, 2}, r.steps());
    assertArrayEquals(new double[] {0.4, 0.4}, r.values(), 1e-12); // step 1: (0.2 + 0.6) / 2; step 2: seed 0 only
    Map<String, List<MetricsLog>> runs = new java.util.LinkedHashMap<>();
    runs.put("grpo", List.of(a0, a1));
    runs.put("grpo+gdqa", List.of(b0));
    var means = ExperimentFigures.meanInvalidPerAnatomy(runs);
    assertEquals(0.5, means.get("grpo").get("liver"), 1e-12); // (1.0 + 0.5 + 0.0) / 3
    assertEquals(0.0, means.get("grpo").get("heart"), 1e-12);
    assertEquals(0.25, means.get("grpo+gdqa").get("liver"), 1e-12);
    for (Path png : List.of(ReportWriter.save(ExperimentFigures.rewardAndSq(runs, 1), tmp.resolve("plots/f5.png")),
        ReportWriter.save(ExperimentFigures.invalidGradientPerAnatomy(runs), tmp.resolve("plots/f6.png")))) {
      var img = ImageIO.read(png.toFile());
      assertTrue(img != null && img.getWidth() == Figures.WIDTH, png + " decodes");
    }
  }

  @Test
  void figureSixNeedsPerAnatomyKeys(@TempDir Path tmp) throws Exception {
    MetricsLog plain = log(tmp, "p", "{\"step\":1,\"reward_mean\":0.2}");
    assertThrows(IllegalArgumentException.class, () -> ExperimentFigures.invalidGradientPerAnatomy(Map.of("grpo", List.of(plain))));
  }
}
