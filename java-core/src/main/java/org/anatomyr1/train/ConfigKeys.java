// Every training configuration key, declared once: dotted name, section, default, value type (allowed
// values or range, from the registries where one exists) and help. Parsing, validation, `--help`,
// config.yaml and docs/TRAINING.md's key table all come from these declarations; YAML/JSON files and
// `key=value` overrides may only name keys declared here (typos fail loudly). Declaration order is
// config.yaml's order: add new keys at the end.
package org.anatomyr1.train;

import static org.anatomyr1.train.ConfigSection.ALGORITHM;
import static org.anatomyr1.train.ConfigSection.CURRICULUM;
import static org.anatomyr1.train.ConfigSection.DATA;
import static org.anatomyr1.train.ConfigSection.DIST;
import static org.anatomyr1.train.ConfigSection.GDQA;
import static org.anatomyr1.train.ConfigSection.LORA;
import static org.anatomyr1.train.ConfigSection.OPTIMIZER;
import static org.anatomyr1.train.ConfigSection.REWARD;
import static org.anatomyr1.train.ConfigSection.RUN;
import static org.anatomyr1.train.ConfigSection.SAMPLING;
import static org.anatomyr1.train.ConfigSection.SFT;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.anatomyr1.curriculum.TextEncoders;
import org.anatomyr1.data.DatasetFormat;
import org.anatomyr1.gdqa.visual.VisualTransforms;
import org.anatomyr1.rl.AdvantageEstimators;
import org.anatomyr1.rl.AlgorithmRegistry;
import org.anatomyr1.rl.LossAggregation;

public final class ConfigKeys {
  private ConfigKeys() {}

  private static final List<ConfigKey<?>> ALL = new ArrayList<>(); // declaration order (above the keys: filled by them)

  private static <T> ConfigKey<T> key(String name, ConfigSection section, String def, KeyType<T> type, String help) {
    ConfigKey<T> k = new ConfigKey<>(name, section, def, type, help);
    for (ConfigKey<?> o : ALL) if (o.name().equals(name)) throw new IllegalStateException("config key '" + name + "' twice");
    ALL.add(k);
    return k;
  }

  private static KeyType<String> choice(String... names) {
    List<String> n = List.of(names);
    return KeyType.choice(() -> n);
  }

  private static KeyType<String> choice(Supplier<List<String>> names) {
    return KeyType.choice(names);
  }

  private static <E extends Enum<E>> List<String> lower(E[] values) {
    return Arrays.stream(values).map(e -> e.name().toLowerCase(Locale.ROOT)).toList();
  }

  private static List<String> dataFormats() {
    List<String> f = new ArrayList<>(List.of("auto"));
    f.addAll(lower(DatasetFormat.values()));
    return f;
  }

  /** LoRA targets: short module names ("q_proj") or full ones ("self_attn.q_proj"). */
  private static boolean loraModule(String t) {
    return LoraAdapters.MODULES.stream().anyMatch(m -> m.equals(t) || m.endsWith("." + t));
  }

  private static List<String> loraShortNames() {
    return LoraAdapters.MODULES.stream().map(m -> m.substring(m.indexOf('.') + 1)).toList();
  }

  private static final int BIG = 1 << 20;

  public static final ConfigKey<Path> MODEL = key("model", RUN, "", KeyType.path(),
      "HF model directory (config.json, weights, tokenizer)");
  public static final ConfigKey<Path> DATA_TRAIN = key("data.train", DATA, "", KeyType.path(), "training data file");
  public static final ConfigKey<String> DATA_FORMAT = key("data.format", DATA, "auto", choice(ConfigKeys::dataFormats),
      "dataset format (auto detects it)");
  public static final ConfigKey<Integer> DATA_LIMIT = key("data.limit", DATA, "0", KeyType.integer(0, Integer.MAX_VALUE),
      "use only the first N items (0 = all)");
  public static final ConfigKey<Path> OUT = key("out", RUN, "runs", KeyType.pathOr("runs"), "parent directory of run directories");
  public static final ConfigKey<String> NAME = key("name", RUN, "run", KeyType.name(), "run name: the run directory is <out>/<name>");
  public static final ConfigKey<String> DEVICE = key("device", RUN, "cpu", choice("cpu", "cuda"), "compute device");
  public static final ConfigKey<String> DTYPE = key("dtype", RUN, "fp32", choice("fp32", "bf16", "fp16"), "compute dtype");
  public static final ConfigKey<Integer> THREADS = key("threads", RUN, "0", KeyType.integer(0, 4096),
      "CPU threads of LibTorch, OpenBLAS and the kernels (0 = all cores)");
  public static final ConfigKey<Long> DIST_TIMEOUT_S = key("dist.timeout_s", DIST, "300", KeyType.longRange(1, 86_400),
      "data-parallel runs: seconds a collective waits for the other ranks before the run fails");
  public static final ConfigKey<Long> SEED = key("seed", RUN, "0", KeyType.longValue(),
      "seed of sampling, curriculum, GDQA and data order");
  public static final ConfigKey<Integer> STEPS = key("steps", OPTIMIZER, "20", KeyType.integer(1, 10_000_000), "optimizer steps");
  public static final ConfigKey<Integer> EPOCHS = key("epochs", OPTIMIZER, "0", KeyType.integer(0, 100_000),
      "SFT: passes over the data (0 = use steps)");
  public static final ConfigKey<Integer> BATCH = key("batch", OPTIMIZER, "4", KeyType.integer(1, 100_000),
      "prompts per optimizer step");
  public static final ConfigKey<Integer> GROUP_SIZE = key("group_size", SAMPLING, "", KeyType.integer(1, 4096).optional(),
      "G, completions per prompt (default: the algorithm's)");
  public static final ConfigKey<Integer> MAX_PROMPT_TOKENS = key("max_prompt_tokens", DATA, "2048", KeyType.integer(1, BIG),
      "prompts longer than this are rejected");
  public static final ConfigKey<Integer> MAX_COMPLETION_TOKENS = key("max_completion_tokens", SAMPLING, "64",
      KeyType.integer(1, BIG), "completion token limit L_max");
  public static final ConfigKey<Double> TEMPERATURE = key("sampling.temperature", SAMPLING, "", KeyType.real(1e-6, 100).optional(),
      "rollout temperature (default: the algorithm's)");
  public static final ConfigKey<Integer> TOP_K = key("sampling.top_k", SAMPLING, "", KeyType.integer(0, 1 << 24).optional(),
      "rollout top-k, 0 = off (default: the algorithm's)");
  public static final ConfigKey<Double> TOP_P = key("sampling.top_p", SAMPLING, "", KeyType.real(1e-9, 1).optional(),
      "rollout top-p, 1 = off (default: the algorithm's)");
  public static final ConfigKey<String> ALGO = key("algo", ALGORITHM, "grpo", choice(AlgorithmRegistry::names),
      "GRPO-family algorithm (rl/AlgorithmRegistry)");
  public static final ConfigKey<String> AGGREGATION = key("algo.aggregation", ALGORITHM, "",
      choice(() -> Arrays.stream(LossAggregation.values()).map(LossAggregation::configName).toList()).optional(),
      "how per-token losses become one scalar");
  public static final ConfigKey<String> ADVANTAGE = key("algo.advantage", ALGORITHM, "",
      choice(AdvantageEstimators::names).optional(), "group advantage: (r - mean) / std, or r - mean");
  public static final ConfigKey<Boolean> UNBIASED_STD = key("algo.unbiased_std", ALGORITHM, "", KeyType.bool().optional(),
      "true: std divides by G-1");
  public static final ConfigKey<Double> ADV_EPS = key("algo.adv_eps", ALGORITHM, "", KeyType.real(0, 1).optional(),
      "eps added to the group std");
  public static final ConfigKey<Double> BETA = key("algo.beta", ALGORITHM, "", KeyType.real(0, 100).optional(),
      "k3 KL weight (needs the reference policy when > 0)");
  public static final ConfigKey<Double> CLIP_LOW = key("algo.clip_low", ALGORITHM, "", KeyType.real(0, 1).optional(),
      "lower clip range eps_low");
  public static final ConfigKey<Double> CLIP_HIGH = key("algo.clip_high", ALGORITHM, "", KeyType.real(0, 100).optional(),
      "upper clip range eps_high");
  public static final ConfigKey<Integer> NUM_ITERATIONS = key("algo.num_iterations", ALGORITHM, "1", KeyType.integer(1, 100),
      "mu: policy updates per rollout batch");
  public static final ConfigKey<Boolean> DYNAMIC_SAMPLING = key("algo.dynamic_sampling", ALGORITHM, "",
      KeyType.bool().optional(), "drop zero-variance groups and resample (DAPO)");
  public static final ConfigKey<Integer> MAX_RESAMPLE = key("algo.max_resample", ALGORITHM, "", KeyType.integer(0, 1000).optional(),
      "resampling rounds of dynamic sampling");
  public static final ConfigKey<Double> REWARD_ACCURACY = key("reward.accuracy", REWARD, "1.0", KeyType.real(-100, 100),
      "weight of the accuracy reward");
  public static final ConfigKey<Double> REWARD_FORMAT = key("reward.format", REWARD, "1.0", KeyType.real(-100, 100),
      "weight of the format reward");
  public static final ConfigKey<Double> REWARD_CHOICE = key("reward.choice", REWARD, "0.0", KeyType.real(-100, 100),
      "extension: weight of the valid-choice reward (the answer names exactly one option; 0 = off, the paper)");
  public static final ConfigKey<Integer> OVERLONG_BUFFER = key("reward.overlong_buffer", REWARD, "0", KeyType.integer(0, BIG),
      "soft overlong buffer in tokens (0 = off; dapo default L_max/4)");
  public static final ConfigKey<String> CURRICULUM_NAME = key("curriculum", CURRICULUM, "random", choice(Curricula::names),
      "prompt scheduler: ASC (the paper), random order, or sorted by S(q)");
  public static final ConfigKey<Integer> CURRICULUM_BINS = key("curriculum.bins", CURRICULUM, "3", KeyType.integer(1, 100),
      "difficulty bins (asc)");
  public static final ConfigKey<Double> CURRICULUM_THRESHOLD = key("curriculum.threshold", CURRICULUM, "0.7", KeyType.real(0, 1),
      "rolling accuracy on the current bin that completes it (asc, the paper's rule)");
  public static final ConfigKey<Integer> CURRICULUM_WINDOW = key("curriculum.window", CURRICULUM, "16", KeyType.integer(1, BIG),
      "rewards in the rolling mean (asc)");
  public static final ConfigKey<Integer> CURRICULUM_STEP_BUDGET = key("curriculum.step_budget", CURRICULUM, "0",
      KeyType.integer(0, 1 << 30), "extension: steps after which a bin is left regardless (asc; 0 = off, the paper)");
  public static final ConfigKey<Double> CURRICULUM_REPLAY = key("curriculum.replay", CURRICULUM, "0.0", KeyType.real(0, 0.999999),
      "extension: share of slots drawn from earlier bins (asc; 0 = off, the paper)");
  public static final ConfigKey<String> CURRICULUM_BINNING = key("curriculum.binning", CURRICULUM, "global",
      choice("global", "per_answer"), "S(q) bins: global quantiles (the paper) or quantiles within each answer class (every bin holds every class)");
  public static final ConfigKey<String> CURRICULUM_ENCODER = key("curriculum.encoder", CURRICULUM, "bge-small-en-v1.5",
      KeyType.checked(TextEncoders::allowed, TextEncoders::check), "text encoder of S(q)");
  public static final ConfigKey<Boolean> GDQA_ON = key("gdqa", GDQA, "off", KeyType.bool(),
      "on: G variants of each prompt (text rewrites x image transforms)");
  public static final ConfigKey<Integer> GDQA_TEXT = key("gdqa.text", GDQA, "", KeyType.count(64),
      "k text variants (default min(G, 4)); off = 1, original text only (Table 2)");
  public static final ConfigKey<Integer> GDQA_IMAGE = key("gdqa.image", GDQA, "", KeyType.count(64),
      "m image variants (default ceil(G / k)); off = 1, original image only (Table 2)");
  public static final ConfigKey<List<String>> GDQA_TRANSFORMS = key("gdqa.transforms", GDQA, "noise,photometric,shift,blur",
      KeyType.list(VisualTransforms::names, t -> VisualTransforms.names().contains(t)),
      "visual transforms drawn for image variants");
  public static final ConfigKey<String> SFT_MODE = key("sft.mode", SFT, "answer", choice("answer", "cot", "cot-name"),
      "SFT target: answer, cot or cot-name (answers with the option text)");
  public static final ConfigKey<Integer> SFT_STEPS = key("sft.steps", SFT, "", KeyType.integer(1, 10_000_000).optional(),
      "SFT optimizer steps (default: steps)");
  public static final ConfigKey<Double> SFT_LR = key("sft.lr", SFT, "", KeyType.real(0, 1).optional(),
      "SFT peak learning rate (default: lr)");
  public static final ConfigKey<Integer> SFT_BATCH = key("sft.batch", SFT, "", KeyType.integer(1, 100_000).optional(),
      "SFT items per step (default: batch)");
  public static final ConfigKey<Double> LR = key("lr", OPTIMIZER, "1e-5", KeyType.real(0, 1), "peak learning rate");
  public static final ConfigKey<Integer> WARMUP = key("warmup", OPTIMIZER, "0", KeyType.integer(0, 1 << 30),
      "linear warm-up steps");
  public static final ConfigKey<String> SCHEDULE = key("schedule", OPTIMIZER, "cosine", choice("cosine", "constant"),
      "learning-rate schedule after warm-up");
  public static final ConfigKey<Double> WEIGHT_DECAY = key("weight_decay", OPTIMIZER, "0.0", KeyType.real(0, 10),
      "AdamW decoupled weight decay");
  public static final ConfigKey<Double> ADAM_BETA1 = key("adam.beta1", OPTIMIZER, "0.9", KeyType.real(0, 0.999999), "AdamW beta1");
  public static final ConfigKey<Double> ADAM_BETA2 = key("adam.beta2", OPTIMIZER, "0.999", KeyType.real(0, 0.99999999),
      "AdamW beta2");
  public static final ConfigKey<Double> ADAM_EPS = key("adam.eps", OPTIMIZER, "1e-8", KeyType.real(1e-20, 1), "AdamW eps");
  public static final ConfigKey<Double> GRAD_CLIP = key("grad_clip", OPTIMIZER, "1.0", KeyType.real(0, 1e9),
      "global gradient norm clip (0 = off)");
  public static final ConfigKey<Integer> GRAD_ACCUM = key("grad_accum", OPTIMIZER, "1", KeyType.integer(1, 4096),
      "micro-batches per optimizer step");
  public static final ConfigKey<Integer> LORA_RANK = key("lora.rank", LORA, "0", KeyType.integer(0, 4096),
      "LoRA rank (0 = full fine-tuning)");
  public static final ConfigKey<Double> LORA_ALPHA = key("lora.alpha", LORA, "32", KeyType.real(0, 1e6), "LoRA alpha");
  public static final ConfigKey<List<String>> LORA_TARGETS = key("lora.targets", LORA,
      "q_proj,k_proj,v_proj,o_proj,gate_proj,up_proj,down_proj",
      KeyType.list(ConfigKeys::loraShortNames, ConfigKeys::loraModule), "LoRA target modules (short or full names)");
  public static final ConfigKey<Boolean> TRAIN_VISION = key("train.vision", LORA, "false", KeyType.bool(),
      "also train the vision tower (frozen by default)");
  public static final ConfigKey<Double> VISION_LR_SCALE = key("vision_lr_scale", LORA, "1", KeyType.real(1e-6, 1e6),
      "the vision tower's learning rate as a multiple of lr (with train.vision=true)");
  public static final ConfigKey<Boolean> TRAIN_EMBEDDINGS = key("train.embeddings", LORA, "true", KeyType.bool(),
      "train the token embeddings / lm_head");
  public static final ConfigKey<Integer> LOGITS_CHUNK = key("logits_chunk", OPTIMIZER, "1024", KeyType.integer(1, 1 << 24),
      "completion tokens per lm_head chunk of the policy update");
  public static final ConfigKey<Integer> CHECKPOINT_EVERY = key("checkpoint_every", RUN, "0", KeyType.integer(0, 1 << 30),
      "write checkpoints/step-N every N steps (0 = none)");
  public static final ConfigKey<Path> RESUME = key("resume", RUN, "", KeyType.path(),
      "checkpoint directory to continue from (checkpoints/step-N)");
  public static final ConfigKey<Boolean> PROGRESS = key("progress", RUN, "true", KeyType.bool(), "show a progress bar");
  public static final ConfigKey<Boolean> OVERWRITE = key("overwrite", RUN, "false", KeyType.bool().optional(),
      "replace the results of an earlier run in the run directory (default: refuse)");
  public static final ConfigKey<Boolean> STRICT = key("strict", RUN, "false", KeyType.bool().optional(),
      "any bad data record is fatal (default: skipped, counted and named)");
  public static final ConfigKey<Integer> MAX_NONFINITE_STEPS = key("max_nonfinite_steps", RUN, "5", KeyType.integer(1, 1 << 30),
      "stop after this many consecutive steps with non-finite loss or gradient");
  public static final ConfigKey<Path> DATA_IMAGES_ROOT = key("data.images_root", DATA, "", KeyType.path(),
      "directory that relative image paths are resolved against (default: the data file's)");
  public static final ConfigKey<Long> IMAGE_MAX_PIXELS = key("image.max_pixels", DATA, "64000000",
      KeyType.longRange(1, Long.MAX_VALUE).optional(), "largest declared width x height of an input image (checked before decoding)");
  public static final ConfigKey<Boolean> GRAD_CHECKPOINTING = key("train.grad_checkpointing", OPTIMIZER, "false", KeyType.bool(),
      "gradient checkpointing: keep only each decoder layer's (and trained vision block's) input in the forward and"
          + " recompute the layer in backward (less memory, one more forward)");

  /** Every key, in declaration order (config.yaml's order). */
  public static List<ConfigKey<?>> all() {
    return Collections.unmodifiableList(ALL);
  }

  /** The key named {@code name}, or null. */
  public static ConfigKey<?> byName(String name) {
    for (ConfigKey<?> k : ALL) if (k.name().equals(name)) return k;
    return null;
  }

  /** Key -> default ("" = unset: the algorithm's or component's own default applies). */
  static final Map<String, String> DEFAULTS = defaults();

  private static Map<String, String> defaults() {
    Map<String, String> d = new LinkedHashMap<>();
    for (ConfigKey<?> k : ALL) d.put(k.name(), k.defaultValue());
    return Collections.unmodifiableMap(d);
  }
}
