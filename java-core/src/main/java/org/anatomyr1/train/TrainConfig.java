// The resolved configuration of one training run (SFT or GRPO family): the declared keys of ConfigKeys
// read from defaults, a YAML/JSON file and `key=value` overrides, every one validated when the config is
// built (before any run directory, model or data is touched).
package org.anatomyr1.train;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Typed view of the keys of {@link ConfigKeys}: {@code get(ConfigKeys.X)} for any key, and one named
 * accessor per key the trainers read. Nullable boxed values mean "unset: the algorithm's default applies"
 * (resolved by {@link AlgorithmOverrides}).
 */
public final class TrainConfig {
  private final ConfigValues values;
  private final Map<String, Object> parsed; // key -> typed value (null = unset)

  private TrainConfig(ConfigValues values) {
    this.values = values;
    this.parsed = values.parseAll();
  }

  /** Every key's raw text, in declaration order (what config.yaml holds). */
  public Map<String, String> values() {
    return Collections.unmodifiableMap(values.raw);
  }

  /** The parsed value of {@code key} (null where an optional key is unset). */
  @SuppressWarnings("unchecked")
  public <T> T get(ConfigKey<T> key) {
    return (T) parsed.get(key.name());
  }

  /** Defaults only (model and data still unset). */
  public static TrainConfig defaults() {
    return new TrainConfig(ConfigValues.defaults());
  }

  /**
   * The quick demo budget on the tiny model + synthetic data (model, data, out still to set): the
   * recipe of {@link #demo()} with 40 RL steps, groups of 4, lr 2e-4 and ASC threshold 0.3.
   */
  public static TrainConfig demoQuick() {
    return defaults().with("threads=1", "sft.mode=cot-name", "sft.steps=300", "sft.batch=4", "sft.lr=1e-3", "steps=40",
        "batch=4", "group_size=4", "lr=2e-4", "max_completion_tokens=48", "checkpoint_every=20", "train.vision=true",
        "curriculum.threshold=0.3");
  }

  /**
   * The full demo budget: a CoT-SFT warm-up (sft.*) that answers with the option text, then GRPO + ASC
   * + GDQA for 120 steps (lr 5e-5, G 8) with the vision tower training (the default synthetic question
   * is answerable only from the image). ASC is the paper's: global S(q) quantile bins, advance when
   * the rolling accuracy of the current bin reaches 0.5; no step budget, no replay, and none of the
   * opt-in extensions (`curriculum.binning=per_answer`, `reward.choice`).
   * SFT lr 1e-3, chosen with `demo --eval-split val` (2026-12-01): at 3e-3 the vision tower never
   * learned to tell the brown Liver from the red classes, even in 3000 steps (val 55.3, Liver 0 of 21);
   * at 1e-3, 300 steps gave 56.7-59.3 and 1200 steps 76.0. RL: on val no setting tried beat SFT on both
   * seeds (docs/EVALUATION.md), so the RL settings are unchanged (lr 5e-5, 120 steps).
   */
  public static TrainConfig demo() {
    return defaults().with("threads=1", "sft.mode=cot-name", "sft.steps=300", "sft.batch=4", "sft.lr=1e-3", "steps=120",
        "batch=4", "group_size=8", "lr=5e-5", "max_completion_tokens=48", "checkpoint_every=30", "train.vision=true",
        "curriculum.threshold=0.5");
  }

  /** Defaults, then {@code file} (YAML or JSON; nested maps become dotted keys), then overrides. */
  public static TrainConfig load(Path file, List<String> overrides) {
    return new TrainConfig(ConfigValues.defaults().readFile(file).override(overrides));
  }

  /** This config with {@code key=value} overrides applied (and validated again). */
  public TrainConfig with(String... overrides) {
    return new TrainConfig(new ConfigValues(values.raw, values.sources).override(Arrays.asList(overrides)));
  }

  /**
   * The config an SFT run uses: sft.steps / sft.lr / sft.batch, where set, replace steps / lr / batch
   * (so one preset can carry both the SFT warm-up and the RL budget).
   */
  public TrainConfig forSft() {
    List<String> o = new ArrayList<>();
    if (sftSteps() != null) o.add("steps=" + sftSteps());
    if (sftLr() != null) o.add("lr=" + sftLr());
    if (sftBatch() != null) o.add("batch=" + sftBatch());
    return o.isEmpty() ? this : with(o.toArray(String[]::new));
  }

  /** Validates that model and data are set (the trainers call this). */
  public TrainConfig requireInputs() {
    if (model() == null) throw new IllegalArgumentException("config key 'model' is required (an HF model directory)");
    if (dataTrain() == null) throw new IllegalArgumentException("config key 'data.train' is required (a dataset file)");
    return this;
  }

  public Path runDir() {
    return out().resolve(name());
  }

  /** The resolved config as YAML with dotted keys (what config.yaml holds). */
  public String toYaml() {
    StringBuilder s = new StringBuilder("# resolved anatomy-r1 training config\n");
    for (Map.Entry<String, String> e : values.raw.entrySet()) {
      s.append(e.getKey()).append(": ").append(quote(e.getValue())).append('\n');
    }
    return s.toString();
  }

  private static String quote(String v) {
    return "'" + v.replace("'", "''") + "'";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TrainConfig c && c.values.raw.equals(values.raw);
  }

  @Override
  public int hashCode() {
    return values.raw.hashCode();
  }

  @Override
  public String toString() {
    return "TrainConfig" + values.raw;
  }

  // One accessor per key the code reads by name (kept for its callers); a new key needs none: get(ConfigKeys.X).

  public Path model() { return get(ConfigKeys.MODEL); }
  public Path dataTrain() { return get(ConfigKeys.DATA_TRAIN); }
  public String dataFormat() { return get(ConfigKeys.DATA_FORMAT); }
  public int dataLimit() { return get(ConfigKeys.DATA_LIMIT); }
  public Path out() { return get(ConfigKeys.OUT); }
  public String name() { return get(ConfigKeys.NAME); }
  public String device() { return get(ConfigKeys.DEVICE); }
  public String dtype() { return get(ConfigKeys.DTYPE); }
  public int threads() { return get(ConfigKeys.THREADS); }
  public long seed() { return get(ConfigKeys.SEED); }
  public int steps() { return get(ConfigKeys.STEPS); }
  public int epochs() { return get(ConfigKeys.EPOCHS); }
  public int batch() { return get(ConfigKeys.BATCH); }
  public Integer groupSize() { return get(ConfigKeys.GROUP_SIZE); }
  public int maxPromptTokens() { return get(ConfigKeys.MAX_PROMPT_TOKENS); }
  public int maxCompletionTokens() { return get(ConfigKeys.MAX_COMPLETION_TOKENS); }
  public Double temperature() { return get(ConfigKeys.TEMPERATURE); }
  public Integer topK() { return get(ConfigKeys.TOP_K); }
  public Double topP() { return get(ConfigKeys.TOP_P); }
  public String algo() { return get(ConfigKeys.ALGO); }
  public String aggregation() { return get(ConfigKeys.AGGREGATION); }
  public String advantage() { return get(ConfigKeys.ADVANTAGE); }
  public Boolean unbiasedStd() { return get(ConfigKeys.UNBIASED_STD); }
  public Double advEps() { return get(ConfigKeys.ADV_EPS); }
  public Double beta() { return get(ConfigKeys.BETA); }
  public Double clipLow() { return get(ConfigKeys.CLIP_LOW); }
  public Double clipHigh() { return get(ConfigKeys.CLIP_HIGH); }
  public int numIterations() { return get(ConfigKeys.NUM_ITERATIONS); }
  public Boolean dynamicSampling() { return get(ConfigKeys.DYNAMIC_SAMPLING); }
  public Integer maxResample() { return get(ConfigKeys.MAX_RESAMPLE); }
  public double rewardAccuracy() { return get(ConfigKeys.REWARD_ACCURACY); }
  public double rewardFormat() { return get(ConfigKeys.REWARD_FORMAT); }
  public double rewardChoice() { return get(ConfigKeys.REWARD_CHOICE); }
  public int overlongBuffer() { return get(ConfigKeys.OVERLONG_BUFFER); }
  public String curriculum() { return get(ConfigKeys.CURRICULUM_NAME); }
  public int curriculumBins() { return get(ConfigKeys.CURRICULUM_BINS); }
  public double curriculumThreshold() { return get(ConfigKeys.CURRICULUM_THRESHOLD); }
  public int curriculumWindow() { return get(ConfigKeys.CURRICULUM_WINDOW); }
  public int curriculumStepBudget() { return get(ConfigKeys.CURRICULUM_STEP_BUDGET); }
  public double curriculumReplay() { return get(ConfigKeys.CURRICULUM_REPLAY); }
  public String curriculumBinning() { return get(ConfigKeys.CURRICULUM_BINNING); }
  public String curriculumEncoder() { return get(ConfigKeys.CURRICULUM_ENCODER); }
  public boolean gdqa() { return get(ConfigKeys.GDQA_ON); }
  public Integer gdqaText() { return get(ConfigKeys.GDQA_TEXT); }
  public Integer gdqaImage() { return get(ConfigKeys.GDQA_IMAGE); }
  public List<String> gdqaTransforms() { return get(ConfigKeys.GDQA_TRANSFORMS); }
  public String sftMode() { return get(ConfigKeys.SFT_MODE); }
  public Integer sftSteps() { return get(ConfigKeys.SFT_STEPS); }
  public Double sftLr() { return get(ConfigKeys.SFT_LR); }
  public Integer sftBatch() { return get(ConfigKeys.SFT_BATCH); }
  public double lr() { return get(ConfigKeys.LR); }
  public int warmup() { return get(ConfigKeys.WARMUP); }
  public String schedule() { return get(ConfigKeys.SCHEDULE); }
  public double weightDecay() { return get(ConfigKeys.WEIGHT_DECAY); }
  public double adamBeta1() { return get(ConfigKeys.ADAM_BETA1); }
  public double adamBeta2() { return get(ConfigKeys.ADAM_BETA2); }
  public double adamEps() { return get(ConfigKeys.ADAM_EPS); }
  public double gradClip() { return get(ConfigKeys.GRAD_CLIP); }
  public int gradAccum() { return get(ConfigKeys.GRAD_ACCUM); }
  public int loraRank() { return get(ConfigKeys.LORA_RANK); }
  public double loraAlpha() { return get(ConfigKeys.LORA_ALPHA); }
  public List<String> loraTargets() { return get(ConfigKeys.LORA_TARGETS); }
  public boolean trainVision() { return get(ConfigKeys.TRAIN_VISION); }
  public boolean trainEmbeddings() { return get(ConfigKeys.TRAIN_EMBEDDINGS); }
  public int logitsChunk() { return get(ConfigKeys.LOGITS_CHUNK); }
  public int checkpointEvery() { return get(ConfigKeys.CHECKPOINT_EVERY); }
  public Path resume() { return get(ConfigKeys.RESUME); }
  public boolean progress() { return get(ConfigKeys.PROGRESS); }
}
