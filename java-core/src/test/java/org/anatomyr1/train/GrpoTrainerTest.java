// A short GRPO run on the tiny model and synthetic data: finishes in seconds, writes one
// metrics.jsonl line per step with the contract's keys, config.yaml and a loadable final/.
package org.anatomyr1.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.anatomyr1.model.Qwen25VlModel;
import org.anatomyr1.model.core.ComputeSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GrpoTrainerTest {
  static final long SEED = 5;
  static final List<String> KEYS = List.of("step", "reward_mean", "reward_std", "reward/accuracy_mean",
      "reward/format_mean", "zero_variance_fraction", "kl", "clip_fraction", "entropy", "completion_length_mean",
      "gpg_alpha", "curriculum_bin", "curriculum_sq_min", "curriculum_sq_max", "rollout_tokens_per_s",
      "time_rollout_s", "time_reward_s", "time_update_s", "loss", "lr", "grad_norm", "skipped");

  @Test
  void shortRunWritesMetricsAndFinalModel(@TempDir Path tmp) throws Exception {
    System.out.println("seed " + SEED);
    Path data = TinyTrainFixture.data(tmp.resolve("data"), 12, SEED);
    Path model = TinyTrainFixture.model(tmp.resolve("model"), data, SEED);
    TrainConfig c = TrainConfig.load(null, List.of("model=" + model, "data.train=" + data, "out=" + tmp.resolve("runs"),
        "name=g", "steps=3", "batch=2", "group_size=4", "max_completion_tokens=6", "progress=false", "seed=" + SEED,
        "threads=1", "algo=dapo", "curriculum=asc", "gdqa=on",
        "lr=1e-3"));
    Path run = GrpoTrainer.run(c);
    List<String> lines = Files.readAllLines(run.resolve("metrics.jsonl"));
    assertEquals(3, lines.size());
    ObjectMapper json = new ObjectMapper();
    for (int i = 0; i < lines.size(); i++) {
      JsonNode n = json.readTree(lines.get(i));
      for (String k : KEYS) assertTrue(n.has(k), "line " + i + " lacks '" + k + "': " + lines.get(i));
      assertEquals(i + 1, n.get("step").asInt());
      assertTrue(n.fieldNames().hasNext());
    }
    assertTrue(lines.get(0).contains("invalid_gradient_ratio/"), lines.get(0));
    assertTrue(Files.isRegularFile(run.resolve("config.yaml")));
    Qwen25VlModel.load(run.resolve("final"), ComputeSettings.cpuFloat32());
    assertTrue(Files.isRegularFile(run.resolve("final/tokenizer.json")));
  }

  @Test
  void completionsEndBeforeVisionSpecialTokens(@TempDir Path tmp) {
    Path data = TinyTrainFixture.data(tmp.resolve("data"), 4, SEED);
    Path model = TinyTrainFixture.model(tmp.resolve("model"), data, SEED);
    try (PolicyModel p = PolicyModel.load(model, ComputeSettings.cpuFloat32())) {
      var c = p.model().config();
      long[] tokens = {5, 6, c.imageTokenId(), 7, 8};
      assertEquals(2, p.usableLength(tokens, 5), "an image pad in a completion would be taken for a placeholder");
      assertEquals(1, p.usableLength(new long[] {5, c.visionStartTokenId()}, 2));
      assertEquals(3, p.usableLength(new long[] {5, 6, 7, c.imageTokenId()}, 3), "beyond the length: not looked at");
    }
  }
}
