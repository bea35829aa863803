// The resolved configuration of one training run (SFT or GRPO family): read from YAML/JSON, then
// dotted `key=value` overrides, every value validated here with its key and allowed range.
package org.anatomyr1.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Typed view of the keys of {@link ConfigKeys}. Nullable boxed fields mean "unset: the algorithm's
 * default applies" (resolved by {@link AlgorithmOverrides}).
 */
public record TrainConfig(
    Map<String, String> values,
    Path model, Path dataTrain, String dataFormat, int dataLimit, Path out, String name, String device, String dtype,
    int threads, long seed, int steps, int epochs, int batch, Integer groupSize, int maxPromptTokens, int maxCompletionTokens,
    Double temperature, Integer topK, Double topP,
    String algo, String aggregation, String advantage, Boolean unbiasedStd, Double advEps, Double beta, Double clipLow,
    Double clipHigh, int numIterations, Boolean dynamicSampling, Integer maxResample,
    double rewardAccuracy, double rewardFormat, int overlongBuffer,
    String curriculum, int curriculumBins, double curriculumThreshold, int curriculumWindow, int curriculumStepBudget,
    double curriculumReplay, String curriculumEncoder,
    boolean gdqa, Integer gdqaText, Integer gdqaImage, List<String> gdqaTransforms,
    String sftMode, Integer sftSteps, Double sftLr, Integer sftBatch, double lr, int warmup, String schedule, double weightDecay, double adamBeta1, double adamBeta2,
    double adamEps, double gradClip, int gradAccum, int loraRank, double loraAlpha, List<String> loraTargets,
    boolean trainVision, boolean trainEmbeddings, int logitsChunk, int checkpointEvery, Path resume,
    boolean progress) {

  public TrainConfig {
    values = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(values));
  }

  /** Defaults only (model and data still unset). */
  public static TrainConfig defaults() {
    return build(new LinkedHashMap<>(ConfigKeys.DEFAULTS));
  }

  /**
   * The quick demo budget on the tiny model + synthetic data (model, data, out still to set): a
   * CoT-SFT warm-up (sft.*) that answers with the option text, then GRPO; the vision tower trains
   * (the default synthetic question is answerable only from the image). ASC runs the paper's rule
   * (threshold on the rolling accuracy of the current bin; no step budget, no replay).
   * Chosen on the validation split (seed 1, 600 items): SFT Pass@1 55.0 at 300 steps; GRPO (lr 2e-4,
   * 40 steps) Pass@1 41.7, Avg@5 48.7, Major@5 63.3 (RL did not beat SFT's greedy Pass@1 there).
   */
  public static TrainConfig demoQuick() {
    return defaults().with("threads=1", "sft.mode=cot-name", "sft.steps=300", "sft.batch=4", "sft.lr=3e-3", "steps=40",
        "batch=4", "group_size=4", "lr=2e-4", "max_completion_tokens=48", "checkpoint_every=20", "train.vision=true",
        "curriculum.threshold=0.3"); // as demo(); with 40 steps at G 4 seed 0 still stays in bin 0 (DemoEndToEndTest)
  }

  /**
   * The full demo budget: the quick recipe with more RL steps, wider groups and a lower RL learning
   * rate. Chosen on the validation split (`demo --eval-split val --set lr=...`, 60 val items), GRPO
   * Pass@1 minus SFT Pass@1: lr 2e-4 -15.0 (seed 1); lr 1e-4 -1.6 (seed 0); lr 5e-5 +5.0 (seed 0)
   * and -3.4 (seed 1). At 2e-4 the bin-0 accuracy reward rose to ~0.6 and then collapsed.
   * Curriculum (issue 11, helper G, val seed 0): the rollout accuracy on GDQA variants starts near 0.2
   * (clean greedy ~0.4), so threshold 0.55 was never held in 150 steps (visited [0]); at 0.3 (5 points
   * above chance, window 16) the paper's rule advanced at steps 8 and 29 (visited [0, 1, 2]). 120 steps.
   * That threshold is near the starting rollout accuracy, so the bins are left on window noise. On test
   * (3 seeds, 150 items) RL minus SFT Pass@1 was +11.3, -3.4, -6.6: the val choice (seed 0, +9.3) did not hold.
   */
  public static TrainConfig demo() {
    return defaults().with("threads=1", "sft.mode=cot-name", "sft.steps=300", "sft.batch=4", "sft.lr=3e-3", "steps=120",
        "batch=4", "group_size=8", "lr=5e-5", "max_completion_tokens=48", "checkpoint_every=30", "train.vision=true",
        "curriculum.threshold=0.3");
  }

  /** Defaults, then {@code file} (YAML or JSON; nested maps become dotted keys), then overrides. */
  public static TrainConfig load(Path file, List<String> overrides) {
    Map<String, String> v = new LinkedHashMap<>(ConfigKeys.DEFAULTS);
    if (file != null) {
      JsonNode root;
      try {
        root = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(file));
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) { // file:line:column: reason, one line
        throw new IllegalArgumentException(org.anatomyr1.io.ParseErrors.oneLine(file, e), e);
      } catch (IOException e) {
        throw new IllegalArgumentException(file + ": cannot read config: " + e.getMessage(), e);
      }
      if (root != null && !root.isNull()) {
        if (!root.isObject()) throw new IllegalArgumentException(file + ": config must be a map of keys");
        Map<String, String> flat = new LinkedHashMap<>();
        flatten(file, "", root, flat);
        for (Map.Entry<String, String> e : flat.entrySet()) put(v, e.getKey(), e.getValue(), file.toString());
      }
    }
    return build(applyOverrides(v, overrides));
  }

  /** This config with {@code key=value} overrides applied (and validated again). */
  public TrainConfig with(String... overrides) {
    return build(applyOverrides(new LinkedHashMap<>(values), Arrays.asList(overrides)));
  }

  /**
   * The config an SFT run uses: sft.steps / sft.lr / sft.batch, where set, replace steps / lr / batch
   * (so one preset can carry both the SFT warm-up and the RL budget).
   */
  public TrainConfig forSft() {
    List<String> o = new ArrayList<>();
    if (sftSteps != null) o.add("steps=" + sftSteps);
    if (sftLr != null) o.add("lr=" + sftLr);
    if (sftBatch != null) o.add("batch=" + sftBatch);
    return o.isEmpty() ? this : with(o.toArray(String[]::new));
  }

  /** Validates that model and data are set (the trainers call this). */
  public TrainConfig requireInputs() {
    if (model == null) throw new IllegalArgumentException("config key 'model' is required (an HF model directory)");
    if (dataTrain == null) throw new IllegalArgumentException("config key 'data.train' is required (a dataset file)");
    return this;
  }

  public Path runDir() {
    return out.resolve(name);
  }

  /** The resolved config as YAML with dotted keys (what config.yaml holds). */
  public String toYaml() {
    StringBuilder s = new StringBuilder("# resolved anatomy-r1 training config\n");
    for (Map.Entry<String, String> e : values.entrySet()) {
      s.append(e.getKey()).append(": ").append(quote(e.getValue())).append('\n');
    }
    return s.toString();
  }

  private static String quote(String v) {
    return "'" + v.replace("'", "''") + "'";
  }

  private static Map<String, String> applyOverrides(Map<String, String> v, List<String> overrides) {
    if (overrides != null) {
      for (String o : overrides) {
        int eq = o.indexOf('=');
        if (eq <= 0) throw new IllegalArgumentException("override '" + o + "' is not key=value");
        put(v, o.substring(0, eq).strip(), o.substring(eq + 1).strip(), "override");
      }
    }
    return v;
  }

  private static void put(Map<String, String> v, String key, String value, String where) {
    if (!ConfigKeys.DEFAULTS.containsKey(key)) {
      throw new IllegalArgumentException(where + ": unknown config key '" + key + "'; valid: "
          + String.join(", ", new TreeMap<>(ConfigKeys.DEFAULTS).keySet()));
    }
    v.put(key, value);
  }

  private static void flatten(Path file, String prefix, JsonNode node, Map<String, String> out) {
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String key = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
      JsonNode n = e.getValue();
      if (n.isObject()) {
        // a section may also carry its own value under "value" (e.g. curriculum: {value: asc, bins: 3})
        flatten(file, key, n, out);
      } else if (n.isArray()) {
        List<String> parts = new ArrayList<>();
        for (JsonNode x : n) parts.add(x.asText());
        out.put(key, String.join(",", parts));
      } else {
        out.put(key.endsWith(".value") ? key.substring(0, key.length() - 6) : key, n.isNull() ? "" : n.asText());
      }
    }
  }

  private static TrainConfig build(Map<String, String> v) {
    Parser p = new Parser(v);
    String algo = p.oneOf("algo", "grpo", "dapo", "gpg", "dr_grpo");
    String device = p.oneOf("device", "cpu", "cuda");
    String dtype = p.oneOf("dtype", "fp32", "bf16", "fp16");
    String aggregation = p.optional("algo.aggregation");
    if (aggregation != null) p.oneOf("algo.aggregation", "token-mean", "seq-mean-token-mean", "seq-mean-token-sum-norm");
    String advantage = p.optional("algo.advantage");
    if (advantage != null) p.oneOf("algo.advantage", "std", "center");
    int loraRank = p.integer("lora.rank", 0, 4096);
    return new TrainConfig(v,
        p.path("model"), p.path("data.train"), p.oneOf("data.format", "auto", "canonical", "swift", "omnimed"),
        p.integer("data.limit", 0, Integer.MAX_VALUE), p.pathOr("out", "runs"), p.name("name"), device, dtype,
        p.integer("threads", 0, 4096), p.longValue("seed"), p.integer("steps", 1, 10_000_000), p.integer("epochs", 0, 100_000),
        p.integer("batch", 1, 100_000), p.optInteger("group_size", 1, 4096), p.integer("max_prompt_tokens", 1, 1 << 20),
        p.integer("max_completion_tokens", 1, 1 << 20),
        p.optDouble("sampling.temperature", 1e-6, 100), p.optInteger("sampling.top_k", 0, 1 << 24),
        p.optDouble("sampling.top_p", 1e-9, 1),
        algo, aggregation, advantage, p.optBool("algo.unbiased_std"), p.optDouble("algo.adv_eps", 0, 1),
        p.optDouble("algo.beta", 0, 100), p.optDouble("algo.clip_low", 0, 1), p.optDouble("algo.clip_high", 0, 100),
        p.integer("algo.num_iterations", 1, 100), p.optBool("algo.dynamic_sampling"),
        p.optInteger("algo.max_resample", 0, 1000),
        p.real("reward.accuracy", -100, 100), p.real("reward.format", -100, 100),
        p.integer("reward.overlong_buffer", 0, 1 << 20),
        p.oneOf("curriculum", "asc", "random", "sorted"), p.integer("curriculum.bins", 1, 100),
        p.real("curriculum.threshold", 0, 1), p.integer("curriculum.window", 1, 1 << 20),
        p.integer("curriculum.step_budget", 0, 1 << 30), p.real("curriculum.replay", 0, 0.999999),
        p.text("curriculum.encoder"),
        p.onOff("gdqa"), p.optCount("gdqa.text", 64), p.optCount("gdqa.image", 64), p.list("gdqa.transforms"),
        p.oneOf("sft.mode", "answer", "cot", "cot-name"), p.optInteger("sft.steps", 1, 10_000_000), p.optDouble("sft.lr", 0, 1),
        p.optInteger("sft.batch", 1, 100_000), p.real("lr", 0, 1), p.integer("warmup", 0, 1 << 30),
        p.oneOf("schedule", "cosine", "constant"), p.real("weight_decay", 0, 10), p.real("adam.beta1", 0, 0.999999),
        p.real("adam.beta2", 0, 0.99999999), p.real("adam.eps", 1e-20, 1), p.real("grad_clip", 0, 1e9),
        p.integer("grad_accum", 1, 4096), loraRank, p.real("lora.alpha", 0, 1e6), p.list("lora.targets"),
        p.bool("train.vision"), p.bool("train.embeddings"), p.integer("logits_chunk", 1, 1 << 24),
        p.integer("checkpoint_every", 0, 1 << 30), p.path("resume"), p.bool("progress"));
  }

  /** Parses one key at a time, naming the key and the allowed range in every error. */
  private record Parser(Map<String, String> v) {
    String raw(String key) {
      String s = v.get(key);
      return s == null ? "" : s.strip();
    }

    String optional(String key) {
      String s = raw(key);
      return s.isEmpty() || s.equalsIgnoreCase("auto") && !key.equals("data.format") ? null : s;
    }

    RuntimeException bad(String key, String allowed) {
      return new IllegalArgumentException("config key '" + key + "' = '" + raw(key) + "': " + allowed);
    }

    String text(String key) {
      String s = raw(key);
      if (s.isEmpty()) throw bad(key, "must not be empty");
      return s;
    }

    String name(String key) {
      String s = text(key);
      if (!s.matches("[A-Za-z0-9._-]+")) throw bad(key, "must be letters, digits, '.', '_' or '-'");
      return s;
    }

    String oneOf(String key, String... allowed) {
      String s = raw(key).toLowerCase(Locale.ROOT);
      for (String a : allowed) if (a.equals(s)) return a;
      throw bad(key, "must be one of " + String.join(", ", allowed));
    }

    Path path(String key) {
      String s = raw(key);
      return s.isEmpty() ? null : Path.of(s);
    }

    Path pathOr(String key, String def) {
      String s = raw(key);
      return Path.of(s.isEmpty() ? def : s);
    }

    int integer(String key, int min, int max) {
      Integer x = optInteger(key, min, max);
      if (x == null) throw bad(key, "an integer in [" + min + ", " + max + "] is required");
      return x;
    }

    Integer optInteger(String key, int min, int max) {
      String s = optional(key);
      if (s == null) return null;
      int x;
      try {
        x = Integer.parseInt(s);
      } catch (NumberFormatException e) {
        throw bad(key, "must be an integer in [" + min + ", " + max + "]");
      }
      if (x < min || x > max) throw bad(key, "must be an integer in [" + min + ", " + max + "]");
      return x;
    }

    /** An optional count in [1, max]; "off" means 1 (the original only: GDQA's Table 2 ablations). */
    Integer optCount(String key, int max) {
      return raw(key).equalsIgnoreCase("off") ? Integer.valueOf(1) : optInteger(key, 1, max);
    }

    long longValue(String key) {
      try {
        return Long.parseLong(raw(key));
      } catch (NumberFormatException e) {
        throw bad(key, "must be a 64-bit integer");
      }
    }

    double real(String key, double min, double max) {
      Double x = optDouble(key, min, max);
      if (x == null) throw bad(key, "a number in [" + min + ", " + max + "] is required");
      return x;
    }

    Double optDouble(String key, double min, double max) {
      String s = optional(key);
      if (s == null) return null;
      double x;
      try {
        x = Double.parseDouble(s);
      } catch (NumberFormatException e) {
        throw bad(key, "must be a number in [" + min + ", " + max + "]");
      }
      if (!(x >= min && x <= max)) throw bad(key, "must be a number in [" + min + ", " + max + "]");
      return x;
    }

    boolean bool(String key) {
      Boolean b = optBool(key);
      if (b == null) throw bad(key, "must be true or false");
      return b;
    }

    Boolean optBool(String key) {
      String s = optional(key);
      if (s == null) return null;
      return switch (s.toLowerCase(Locale.ROOT)) {
        case "true", "yes", "on", "1" -> true;
        case "false", "no", "off", "0" -> false;
        default -> throw bad(key, "must be true or false");
      };
    }

    boolean onOff(String key) {
      return bool(key);
    }

    List<String> list(String key) {
      List<String> out = new ArrayList<>();
      for (String s : raw(key).split(",")) if (!s.isBlank()) out.add(s.strip());
      return List.copyOf(out);
    }
  }
}
