// `bench train-step` on a random tiny model: two bf16 LoRA GRPO steps through the real trainer write
// a complete, sane train-step.json; bad settings fail naming the option. About 15 s on 2 cores.
package org.anatomyr1.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.anatomyr1.data.Datasets;
import org.anatomyr1.image.QwenImageProcessor;
import org.anatomyr1.prompt.QuestionPrompt;
import org.anatomyr1.text.TinyTokenizerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainStepBenchmarkTest {
  @TempDir
  Path tmp;

  /** A tiny model whose vocabulary covers the bench's synthetic prompts; 112 px frames -> 16 image tokens. */
  private Path tinyModel() {
    Path data = TrainStepData.write(tmp.resolve("vocab"), 1, 112);
    QwenImageProcessor.Settings d = QwenImageProcessor.Settings.defaults();
    var small = new QwenImageProcessor.Settings(56 * 56, 112 * 112, d.patchSize(), d.temporalPatchSize(), d.mergeSize(),
        d.imageMean(), d.imageStd(), d.rescaleFactor(), true, true, true);
    Path model = tmp.resolve("model");
    TinyTokenizerFactory.writeTinyModel(model, QuestionPrompt.vocabulary(Datasets.read(data, "auto").samples()), 3, small);
    return model;
  }

  @Test
  void twoBf16LoraStepsWriteASaneReport() throws Exception {
    Path model = tinyModel();
    Path out = tmp.resolve("bench/train-step.json");
    var s = new TrainStepBenchmark.Settings(model, "bf16", 112, 1, 2, 8, 2, 2, 1, List.of("seed=5"));
    TrainStepBenchmark.run(s, out);

    JsonNode r = new ObjectMapper().readTree(out.toFile());
    assertFalse(Files.exists(out.resolveSibling("train-step.json.tmp")), "written through a renamed temporary");
    assertEquals("bf16", r.get("dtype").asText());
    assertEquals(1, r.get("threads").asInt());
    assertEquals(112, r.get("image_size").asInt());
    assertEquals(2, r.get("group_size").asInt());
    assertEquals(8, r.get("new_tokens").asInt());
    assertEquals(2, r.get("lora_rank").asInt());
    assertEquals(2, r.get("step_s_each").size());
    double step = r.get("step_s").asDouble();
    assertTrue(r.get("first_step_s").asDouble() > 0 && step > 0, r.toString());
    assertEquals(r.get("step_s_each").get(1).asDouble(), step, 1e-12, "the timed step is the second one");
    assertEquals(step, r.get("rollout_s").asDouble() + r.get("reward_s").asDouble() + r.get("update_s").asDouble(), 1e-9);
    assertTrue(r.get("rollout_s").asDouble() > 0 && r.get("update_s").asDouble() > 0, r.toString());
    double len = r.get("completion_length_mean").asDouble();
    assertTrue(len >= 1 && len <= 8, "completion length " + len);
    assertTrue(r.get("run_s").asDouble() >= r.get("first_step_s").asDouble() + step, r.toString());

    long params = r.get("parameters").asLong();
    assertTrue(params > 10_000, "parameters " + params);
    assertEquals(4 * params, r.get("weight_bytes").asLong(), "the tiny model is stored in fp32");
    long peak = r.get("peak_rss_bytes").asLong();
    assertTrue(peak >= r.get("weight_bytes").asLong() && peak < (64L << 30), "peak RSS " + peak);
  }

  @Test
  void badSettingsNameTheOption() {
    Path model = tmp.resolve("m");
    var e = assertThrows(IllegalArgumentException.class,
        () -> new TrainStepBenchmark.Settings(model, "bf16", 448, 1, 1, 8, 0, 2, 1, List.of()));
    assertTrue(e.getMessage().contains("--group-size"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> new TrainStepBenchmark.Settings(model, "bf16", 448, 1, 2, 8, 0, 2, 1, List.of()));
    assertTrue(e.getMessage().contains("--model") && e.getMessage().contains(model.toString()), e.getMessage());
  }
}
