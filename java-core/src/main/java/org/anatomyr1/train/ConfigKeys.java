// The registry of training configuration keys: dotted name, default value and a one-line meaning.
// YAML/JSON files and `key=value` overrides may only name keys listed here (typos fail loudly).
package org.anatomyr1.train;

import java.util.LinkedHashMap;
import java.util.Map;

final class ConfigKeys {
  private ConfigKeys() {}

  /** Key -> default ("" = unset: the algorithm's or component's own default applies). */
  static final Map<String, String> DEFAULTS = new LinkedHashMap<>();
  /** Key -> short description (for errors and --help). */
  static final Map<String, String> HELP = new LinkedHashMap<>();

  private static void key(String name, String def, String help) {
    DEFAULTS.put(name, def);
    HELP.put(name, help);
  }

  static {
    key("model", "", "HF model directory (config.json, weights, tokenizer)");
    key("data.train", "", "training data file");
    key("data.format", "auto", "dataset format: auto, canonical, swift, omnimed");
    key("data.limit", "0", "use only the first N items (0 = all)");
    key("out", "runs", "parent directory of run directories");
    key("name", "run", "run name: the run directory is <out>/<name>");
    key("device", "cpu", "cpu or cuda");
    key("dtype", "fp32", "compute dtype: fp32, bf16, fp16");
    key("threads", "0", "CPU threads of LibTorch, OpenBLAS and the kernels (0 = all cores)");
    key("dist.timeout_s", "300", "data-parallel runs: seconds a collective waits for the other ranks before the run fails");
    key("seed", "0", "seed of sampling, curriculum, GDQA and data order");
    key("steps", "20", "optimizer steps");
    key("epochs", "0", "SFT: passes over the data (0 = use steps)");
    key("batch", "4", "prompts per optimizer step");
    key("group_size", "", "G, completions per prompt (default: the algorithm's)");
    key("max_prompt_tokens", "2048", "prompts longer than this are rejected");
    key("max_completion_tokens", "64", "completion token limit L_max");
    key("sampling.temperature", "", "rollout temperature (default: the algorithm's)");
    key("sampling.top_k", "", "rollout top-k, 0 = off (default: the algorithm's)");
    key("sampling.top_p", "", "rollout top-p, 1 = off (default: the algorithm's)");
    key("algo", "grpo", "grpo, dapo, gpg, dr_grpo");
    key("algo.aggregation", "", "token-mean, seq-mean-token-mean, seq-mean-token-sum-norm");
    key("algo.advantage", "", "std or center");
    key("algo.unbiased_std", "", "true: std divides by G-1");
    key("algo.adv_eps", "", "eps added to the group std");
    key("algo.beta", "", "k3 KL weight (needs the reference policy when > 0)");
    key("algo.clip_low", "", "lower clip range eps_low");
    key("algo.clip_high", "", "upper clip range eps_high");
    key("algo.num_iterations", "1", "mu: policy updates per rollout batch");
    key("algo.dynamic_sampling", "", "drop zero-variance groups and resample (DAPO)");
    key("algo.max_resample", "", "resampling rounds of dynamic sampling");
    key("reward.accuracy", "1.0", "weight of the accuracy reward");
    key("reward.format", "1.0", "weight of the format reward");
    key("reward.overlong_buffer", "0", "soft overlong buffer in tokens (0 = off; dapo default L_max/4)");
    key("curriculum", "random", "asc, random or sorted");
    key("curriculum.bins", "3", "difficulty bins (asc)");
    key("curriculum.threshold", "0.7", "rolling accuracy on the current bin that completes it (asc, the paper's rule)");
    key("curriculum.window", "16", "rewards in the rolling mean (asc)");
    key("curriculum.step_budget", "0", "extension: steps after which a bin is left regardless (asc; 0 = off, the paper)");
    key("curriculum.replay", "0.0", "extension: share of slots drawn from earlier bins (asc; 0 = off, the paper)");
    key("curriculum.encoder", "bge-small-en-v1.5", "text encoder of S(q)");
    key("gdqa", "off", "on: G variants of each prompt (text rewrites x image transforms)");
    key("gdqa.text", "", "k text variants (default min(G, 4)); off = 1, original text only (Table 2)");
    key("gdqa.image", "", "m image variants (default ceil(G / k)); off = 1, original image only (Table 2)");
    key("gdqa.transforms", "noise,photometric,shift,blur", "visual transforms drawn for image variants");
    key("sft.mode", "answer", "SFT target: answer, cot or cot-name (answers with the option text)");
    key("sft.steps", "", "SFT optimizer steps (default: steps)");
    key("sft.lr", "", "SFT peak learning rate (default: lr)");
    key("sft.batch", "", "SFT items per step (default: batch)");
    key("lr", "1e-5", "peak learning rate");
    key("warmup", "0", "linear warm-up steps");
    key("schedule", "cosine", "cosine or constant after warm-up");
    key("weight_decay", "0.0", "AdamW decoupled weight decay");
    key("adam.beta1", "0.9", "AdamW beta1");
    key("adam.beta2", "0.999", "AdamW beta2");
    key("adam.eps", "1e-8", "AdamW eps");
    key("grad_clip", "1.0", "global gradient norm clip (0 = off)");
    key("grad_accum", "1", "micro-batches per optimizer step");
    key("lora.rank", "0", "LoRA rank (0 = full fine-tuning)");
    key("lora.alpha", "32", "LoRA alpha");
    key("lora.targets", "q_proj,k_proj,v_proj,o_proj,gate_proj,up_proj,down_proj", "LoRA target modules");
    key("train.vision", "false", "also train the vision tower (frozen by default)");
    key("train.embeddings", "true", "train the token embeddings / lm_head");
    key("logits_chunk", "1024", "completion tokens per lm_head chunk of the policy update");
    key("checkpoint_every", "0", "write checkpoints/step-N every N steps (0 = none)");
    key("resume", "", "checkpoint directory to continue from (checkpoints/step-N)");
    key("progress", "true", "show a progress bar");
    key("overwrite", "false", "replace the results of an earlier run in the run directory (default: refuse)");
    key("strict", "false", "any bad data record is fatal (default: skipped, counted and named)");
    key("max_nonfinite_steps", "5", "stop after this many consecutive steps with non-finite loss or gradient");
    key("data.images_root", "", "directory that relative image paths are resolved against (default: the data file's)");
    key("image.max_pixels", "64000000", "largest declared width x height of an input image (checked before decoding)");
  }
}
