// GPG resamples zero-variance groups (dynamic sampling from the registry): on the tiny random model
// most groups get equal rewards, so a gpg step samples more than `batch` groups; with
// algo.dynamic_sampling=false it samples exactly `batch`.
package org.anatomyr1.train;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.anatomyr1.rl.AlgorithmRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GpgDynamicSamplingTest {
  static final long SEED = 7;

  private static List<JsonNode> run(Path tmp, Path data, Path model, String name, String... extra) throws Exception {
    List<String> o = new ArrayList<>(List.of("model=" + model, "data.train=" + data, "out=" + tmp.resolve("runs"),
        "name=" + name, "steps=2", "batch=2", "group_size=2", "max_completion_tokens=4", "progress=false",
        "seed=" + SEED, "threads=1", "algo=gpg", "curriculum=random", "gdqa=off", "lr=1e-3"));
    o.addAll(List.of(extra));
    Path r = GrpoTrainer.run(TrainConfig.load(null, o));
    ObjectMapper json = new ObjectMapper();
    List<JsonNode> lines = new ArrayList<>();
    for (String l : Files.readAllLines(r.resolve("metrics.jsonl"))) lines.add(json.readTree(l));
    return lines;
  }

  @Test
  void zeroVarianceGroupsAreResampled(@TempDir Path tmp) throws Exception {
    var gpg = AlgorithmRegistry.defaults().get("gpg");
    assertTrue(gpg.dynamicSampling() && gpg.maxResampleRounds() == 3 && gpg.gpgAlpha());
    Path data = TinyTrainFixture.data(tmp.resolve("data"), 8, SEED);
    Path model = TinyTrainFixture.model(tmp.resolve("model"), data, SEED);
    List<JsonNode> on = run(tmp, data, model, "on");
    List<JsonNode> off = run(tmp, data, model, "off", "algo.dynamic_sampling=false");
    int sampledOn = 0;
    for (JsonNode n : on) {
      int g = n.get("groups_sampled").asInt();
      // rounds stop once 2 valid groups are in hand, else after 1 + 3 rounds (asking only for the missing ones)
      assertTrue(g >= 2 && g <= 2 + 3 * 2, n.toString());
      if (n.get("zero_variance_fraction").asDouble() > 0 && g == 2) fail("a zero-variance group was not resampled: " + n);
      sampledOn += g;
    }
    for (JsonNode n : off) assertEquals(2, n.get("groups_sampled").asInt(), n.toString());
    System.out.println("groups sampled with dynamic sampling: " + sampledOn + " over 2 steps (4 without)");
    assertTrue(sampledOn > 4, "dynamic sampling never resampled");
  }
}
