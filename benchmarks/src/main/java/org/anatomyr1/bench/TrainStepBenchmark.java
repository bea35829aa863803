// `bench train-step`: real GRPO steps through the trainer (GrpoTrainer.run on a temporary run
// directory and a synthetic dataset), timed from the metrics.jsonl the trainer writes. A step's
// time is time_rollout_s + time_reward_s + time_update_s (docs/BENCHMARKS.md's convention); the
// first step is reported apart (warm-up: lazy initialisation, page faults on mapped weights).
// The peak RSS covers the run from model load to final/ (LoRA merged into the weights).
package org.anatomyr1.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.anatomyr1.io.DurableFiles;
import org.anatomyr1.model.ComputeThreads;
import org.anatomyr1.model.io.CheckpointDirectory;
import org.anatomyr1.train.GrpoTrainer;
import org.anatomyr1.train.TrainConfig;

public final class TrainStepBenchmark {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private TrainStepBenchmark() {}

  /**
   * @param batch prompts per step
   * @param groupSize completions per prompt
   * @param newTokens max_completion_tokens
   * @param loraRank 0 = full fine-tuning
   * @param steps optimizer steps in all, the first one being the warm-up
   * @param overrides further training-config key=value pairs (applied last)
   */
  public record Settings(Path model, String dtype, int imageSize, int batch, int groupSize, int newTokens, int loraRank,
      int steps, int threads, List<String> overrides) {
    public Settings {
      if (imageSize < 112 || imageSize > 448) throw new IllegalArgumentException("--image-size must be in [112, 448], got " + imageSize);
      if (batch < 1) throw new IllegalArgumentException("--batch must be >= 1, got " + batch);
      if (groupSize < 2) throw new IllegalArgumentException("--group-size must be >= 2, got " + groupSize);
      if (newTokens < 1) throw new IllegalArgumentException("--new-tokens must be >= 1, got " + newTokens);
      if (loraRank < 0) throw new IllegalArgumentException("--lora-rank must be >= 0, got " + loraRank);
      if (steps < 1) throw new IllegalArgumentException("--steps must be >= 1, got " + steps);
      if (!java.nio.file.Files.isDirectory(model)) throw new IllegalArgumentException("--model: " + model + " is not a directory");
      overrides = List.copyOf(overrides);
    }
  }

  /** Runs the steps, writes the report to {@code out} (atomically) and returns it. */
  public static ObjectNode run(Settings s, Path out) {
    Path tmp;
    try {
      tmp = Files.createTempDirectory("ar1-train-step");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a temporary directory: " + e.getMessage(), e);
    }
    try {
      Path data = TrainStepData.write(tmp.resolve("data"), s.batch(), s.imageSize());
      TrainConfig config = config(s, data, tmp.resolve("runs"));
      if (PeakMemoryProbe.supported()) PeakMemoryProbe.resetPeak(); // the run's peak, not the JVM's history
      long t0 = System.nanoTime();
      Path runDir = GrpoTrainer.run(config);
      double runSeconds = (System.nanoTime() - t0) / 1e9;
      long peak = ModelBenchmark.statusKb("VmHWM") * 1024;
      List<JsonNode> steps = metricsLines(runDir.resolve("metrics.jsonl"), s.steps());
      ObjectNode r = report(s, steps);
      r.put("run_s", runSeconds);
      r.put("peak_rss_bytes", peak);
      weights(s.model(), r);
      ModelBenchmark.write(JSON, r, out);
      return r;
    } finally {
      try {
        DurableFiles.deleteTree(tmp);
      } catch (IOException e) {
        System.err.println("bench train-step: cannot delete " + tmp + ": " + e.getMessage());
      }
    }
  }

  static TrainConfig config(Settings s, Path data, Path runs) {
    List<String> o = new ArrayList<>(List.of("model=" + s.model(), "data.train=" + data, "out=" + runs, "name=bench",
        "dtype=" + s.dtype(), "threads=" + s.threads(), "steps=" + s.steps(), "batch=" + s.batch(),
        "group_size=" + s.groupSize(), "max_completion_tokens=" + s.newTokens(), "lora.rank=" + s.loraRank(),
        "checkpoint_every=0", "progress=false"));
    o.addAll(s.overrides());
    return TrainConfig.defaults().with(o.toArray(String[]::new));
  }

  /** The metrics lines of the run; exactly {@code steps} of them. */
  static List<JsonNode> metricsLines(Path file, int steps) {
    List<JsonNode> lines = new ArrayList<>();
    try {
      for (String line : Files.readAllLines(file)) if (!line.isBlank()) lines.add(JSON.readTree(line));
    } catch (IOException e) {
      throw new UncheckedIOException(file + ": cannot read the run's metrics: " + e.getMessage(), e);
    }
    if (lines.size() != steps) throw new IllegalStateException(file + ": " + lines.size() + " metrics lines, expected " + steps);
    return lines;
  }

  /** Settings and step times; the timed steps are 2..N (step 1 alone when N = 1). */
  static ObjectNode report(Settings s, List<JsonNode> steps) {
    ObjectNode r = JSON.createObjectNode();
    r.put("model", s.model().toString());
    r.put("dtype", s.dtype());
    r.put("threads", ComputeThreads.resolve(s.threads()));
    r.put("image_size", s.imageSize());
    r.put("batch", s.batch());
    r.put("group_size", s.groupSize());
    r.put("new_tokens", s.newTokens());
    r.put("lora_rank", s.loraRank());
    r.put("steps", s.steps());
    ArrayNode each = r.putArray("step_s_each");
    for (JsonNode m : steps) each.add(stepSeconds(m));
    List<JsonNode> timed = steps.size() > 1 ? steps.subList(1, steps.size()) : steps;
    r.put("first_step_s", stepSeconds(steps.get(0)));
    r.put("step_s", timed.stream().mapToDouble(TrainStepBenchmark::stepSeconds).average().orElseThrow());
    r.put("rollout_s", mean(timed, "time_rollout_s"));
    r.put("reward_s", mean(timed, "time_reward_s"));
    r.put("update_s", mean(timed, "time_update_s"));
    r.put("rollout_tokens_per_s", mean(timed, "rollout_tokens_per_s"));
    r.put("completion_length_mean", mean(timed, "completion_length_mean"));
    r.put("loss_last", steps.get(steps.size() - 1).path("loss").asDouble(Double.NaN));
    return r;
  }

  static double stepSeconds(JsonNode m) {
    return field(m, "time_rollout_s") + field(m, "time_reward_s") + field(m, "time_update_s");
  }

  private static double mean(List<JsonNode> lines, String key) {
    return lines.stream().mapToDouble(m -> field(m, key)).average().orElseThrow();
  }

  private static double field(JsonNode m, String key) {
    JsonNode v = m.get(key);
    if (v == null || !v.isNumber()) throw new IllegalStateException("metrics line of step " + m.path("step") + ": no number '" + key + "'");
    return v.asDouble();
  }

  /** Parameter count and bytes of the checkpoint's tensors, from the safetensors headers. */
  private static void weights(Path model, ObjectNode r) {
    long params = 0;
    long bytes = 0;
    try (CheckpointDirectory c = CheckpointDirectory.open(model)) {
      for (String n : c.names()) {
        params += c.entry(n).numel();
        bytes += c.entry(n).byteSize();
      }
    }
    r.put("parameters", params);
    r.put("weight_bytes", bytes);
  }
}
