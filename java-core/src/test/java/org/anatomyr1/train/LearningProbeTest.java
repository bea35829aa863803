// Opt-in learning measurement (-Dar1.train.probe=true): SFT then GRPO on the tiny model and a
// synthetic set, printing the rewards of the first and last fifth of steps. Too slow for the suite.
package org.anatomyr1.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class LearningProbeTest {
  @Test
  void probe() throws Exception {
    Assumptions.assumeTrue(Boolean.getBoolean("ar1.train.probe"), "opt-in: -Dar1.train.probe=true");
    long seed = Long.getLong("ar1.train.seed", 1);
    Path tmp = Files.createTempDirectory("ar1-probe");
    long t0 = System.nanoTime();
    Path data = TinyTrainFixture.data(tmp.resolve("data"), Integer.getInteger("ar1.train.n", 60), seed);
    Path model = TinyTrainFixture.model(tmp.resolve("model"), data, seed);
    System.out.printf("setup %.1fs%n", (System.nanoTime() - t0) / 1e9);
    List<String> sft = split(System.getProperty("ar1.train.sft", ""));
    List<String> grpo = split(System.getProperty("ar1.train.grpo", ""));
    Path start = model;
    if (!sft.isEmpty()) {
      List<String> o = new ArrayList<>(List.of("model=" + model, "data.train=" + data, "out=" + tmp, "name=sft",
          "progress=false", "seed=" + seed));
      o.addAll(sft);
      t0 = System.nanoTime();
      Path run = SftTrainer.run(preset().with(o.toArray(String[]::new)));
      System.out.printf("sft %.1fs%n", (System.nanoTime() - t0) / 1e9);
      summarize(run, "loss");
      start = run.resolve("final");
      var items = org.anatomyr1.data.Datasets.read(data, "auto").samples().subList(0, 3);
      try (var chat = org.anatomyr1.rollout.VisualChat.load(start, org.anatomyr1.model.core.ComputeSettings.cpuFloat32())) {
        List<org.anatomyr1.image.RgbImage> imgs = new ArrayList<>();
        List<String> qs = new ArrayList<>();
        for (var it : items) {
          imgs.add(org.anatomyr1.image.ImageFiles.read(data.getParent().resolve(it.image())));
          qs.add(org.anatomyr1.prompt.QuestionPrompt.render(it));
        }
        var answers = chat.answer(imgs, qs, 40, 1, org.anatomyr1.rollout.SamplingSettings.greedy());
        for (int i = 0; i < answers.size(); i++) System.out.println("target " + SftTargets.of(items.get(i), "cot") + "\n  got " + answers.get(i));
      }
    }
    if (!grpo.isEmpty()) {
      List<String> o = new ArrayList<>(List.of("model=" + start, "data.train=" + data, "out=" + tmp, "name=grpo",
          "progress=false", "seed=" + seed));
      o.addAll(grpo);
      t0 = System.nanoTime();
      Path run = GrpoTrainer.run(preset().with(o.toArray(String[]::new)));
      System.out.printf("grpo %.1fs%n", (System.nanoTime() - t0) / 1e9);
      double[] acc = summarize(run, "reward/accuracy_mean", "reward/format_mean", "reward_mean", "time_rollout_s",
          "time_update_s", "completion_length_mean");
      org.junit.jupiter.api.Assertions.assertTrue(acc[1] > acc[0], "GRPO accuracy reward did not rise: " + acc[0]
          + " -> " + acc[1]);
    }
  }

  private static TrainConfig preset() {
    return switch (System.getProperty("ar1.train.preset", "")) {
      case "quick" -> TrainConfig.demoQuick();
      case "full" -> TrainConfig.demo();
      default -> TrainConfig.defaults();
    };
  }

  private static List<String> split(String s) {
    List<String> out = new ArrayList<>();
    for (String x : s.split(" ")) if (!x.isBlank()) out.add(x);
    return out;
  }

  /** Prints first/last-fifth means of each key; returns those of the first key. */
  private static double[] summarize(Path run, String... keys) throws Exception {
    List<JsonNode> lines = new ArrayList<>();
    for (String l : Files.readAllLines(run.resolve("metrics.jsonl"))) lines.add(new ObjectMapper().readTree(l));
    int fifth = Math.max(1, lines.size() / 5);
    double[] firstKey = null;
    for (String k : keys) {
      double first = 0, last = 0;
      for (int i = 0; i < fifth; i++) first += lines.get(i).path(k).asDouble() / fifth;
      for (int i = lines.size() - fifth; i < lines.size(); i++) last += lines.get(i).path(k).asDouble() / fifth;
      System.out.printf("%s: %s first fifth %.3f, last fifth %.3f (%d steps)%n", run.getFileName(), k, first, last,
          lines.size());
      if (firstKey == null) firstKey = new double[] {first, last};
    }
    return firstKey;
  }
}
