// Generation throughput on a random model with Qwen2.5-0.5B-like text dimensions and a small vision
// tower (issue 3, "Performance"): prefill tokens/s, decode tokens/s at batch 1 and 8 against the
// memory floor (weights + KV bytes per step over a measured copy bandwidth), and the gain of one
// shared prefill for a GRPO group over G separate prefills. Writes a JSON report; asserts nothing.
package org.anatomyr1.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import org.anatomyr1.model.Qwen25VlModel;
import org.anatomyr1.model.TinyModelFactory;
import org.anatomyr1.model.core.ComputeSettings;
import org.anatomyr1.model.core.ModelWeights;
import org.anatomyr1.model.core.Qwen25VlConfig;
import org.anatomyr1.model.text.KvCache;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

public final class GenerationBenchmark {
  private GenerationBenchmark() {}

  /** Qwen2.5-0.5B text dimensions (hidden 896, 14/2 heads, 4864 MLP, vocab 151936); quick = 4 layers. */
  static Qwen25VlConfig config(boolean quick) {
    String json = """
        {"model_type":"qwen2_5_vl","hidden_size":896,"intermediate_size":4864,"num_hidden_layers":%d,
         "num_attention_heads":14,"num_key_value_heads":2,"hidden_act":"silu","rms_norm_eps":1e-6,
         "rope_theta":1000000.0,"rope_scaling":{"type":"mrope","mrope_section":[8,12,12]},"vocab_size":151936,
         "tie_word_embeddings":true,"eos_token_id":151645,"pad_token_id":151643,"vision_start_token_id":151652,
         "vision_end_token_id":151653,"image_token_id":151655,"video_token_id":151656,
         "vision_config":{"depth":2,"hidden_size":128,"num_heads":2,"intermediate_size":256,"hidden_act":"silu",
         "in_chans":3,"patch_size":14,"temporal_patch_size":2,"spatial_merge_size":2,"window_size":112,
         "fullatt_block_indexes":[1],"out_hidden_size":896}}""".formatted(quick ? 4 : 24);
    try {
      return Qwen25VlConfig.parse("benchmark config", new ObjectMapper().readTree(json));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @SuppressWarnings("try")
  public static ObjectNode run(boolean quick, Path out) {
    Qwen25VlConfig config = config(quick);
    ComputeSettings compute = ComputeSettings.cpuFloat32();
    ModelWeights w = TinyModelFactory.randomWeights(config, 1);
    Qwen25VlModel model = new Qwen25VlModel(config, w, compute);
    int prompt = quick ? 64 : 256;
    int decode = quick ? 8 : 32;
    int group = 8;
    ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode r = json.createObjectNode();
    r.put("quick", quick);
    r.put("device", compute.device());
    r.put("dtype", "fp32");
    r.put("threads", torch.get_num_threads());
    r.put("layers", config.text().numHiddenLayers());
    r.put("prompt_tokens", prompt);
    r.put("decode_steps", decode);
    double bandwidth = copyBandwidth();
    r.put("memory_bandwidth_GBps", bandwidth / 1e9);
    long textWeightBytes = 0;
    for (Map.Entry<String, Tensor> e : w.all().entrySet()) {
      // per decode step every text matrix and the head are read; embedding rows only for the new tokens
      if (e.getKey().startsWith("lm.layers.") || e.getKey().equals("lm.norm.weight") || e.getKey().equals("lm_head.weight")) {
        textWeightBytes += e.getValue().numel() * e.getValue().element_size();
      }
    }
    r.put("weight_bytes_per_step", textWeightBytes);
    for (int batch : new int[] {1, 8}) {
      long[][] ids = randomIds(batch, prompt, 42);
      Timing t = time(model, ids, decode);
      ObjectNode b = r.putObject("batch_" + batch);
      b.put("prefill_tokens_per_s", batch * prompt / t.prefillS);
      b.put("decode_tokens_per_s", batch * decode / t.decodeS);
      double step = t.decodeS / decode;
      long kvBytes = 2L * config.text().numHiddenLayers() * batch * config.text().numKeyValueHeads()
          * (prompt + decode / 2) * config.text().headDim() * 4;
      double floor = (textWeightBytes + kvBytes) / bandwidth;
      b.put("decode_step_ms", step * 1e3);
      b.put("memory_floor_step_ms", floor * 1e3);
      b.put("step_over_floor", step / floor);
    }
    // GRPO group: one prefill of the prompt + repeated cache vs G separate prefills
    long[][] one = randomIds(1, prompt, 7);
    long[][] repeated = new long[group][];
    for (int i = 0; i < group; i++) repeated[i] = one[0].clone();
    double shared = prefillSeconds(model, one, group);
    double separate = 0;
    for (int i = 0; i < group; i++) separate += prefillSeconds(model, one, 1); // G prefills, one per member
    double batchedCopies = prefillSeconds(model, repeated, 1); // one batched prefill of G copies
    ObjectNode g = r.putObject("shared_prefill");
    g.put("group", group);
    g.put("shared_s", shared);
    g.put("separate_s", separate);
    g.put("speedup_vs_separate", separate / shared);
    g.put("batched_copies_s", batchedCopies);
    g.put("speedup_vs_batched_copies", batchedCopies / shared);
    try {
      if (out.getParent() != null) Files.createDirectories(out.getParent());
      Files.writeString(out, json.writeValueAsString(r) + "\n");
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("cannot write " + out, e);
    }
    return r;
  }

  record Timing(double prefillS, double decodeS) {}

  @SuppressWarnings("try")
  static Timing time(Qwen25VlModel model, long[][] ids, int decode) {
    int b = ids.length;
    int t = ids[0].length;
    long[][] mask = ones(b, t + decode);
    try (KvCache cache = model.decoder().newCache(b, t + decode)) {
      long start = System.nanoTime();
      long[] next;
      long[] deltas;
      try (PointerScope scope = new PointerScope()) {
        Qwen25VlModel.Prefill p = model.prefill(new Qwen25VlModel.Batch(ids, ones(b, t), null, null), cache, false);
        deltas = p.rope().ropeDeltas;
        next = org.anatomyr1.torchinterop.HostTensors.toLongs(torch.argmax(p.logits(), new org.bytedeco.pytorch.LongOptional(-1), false));
      }
      long mid = System.nanoTime();
      for (int s = 0; s < decode; s++) {
        long[][] m = new long[b][];
        for (int i = 0; i < b; i++) m[i] = Arrays.copyOf(mask[i], t + s + 1);
        try (PointerScope scope = new PointerScope()) {
          Tensor logits = model.decodeStep(next, m, deltas, cache);
          next = org.anatomyr1.torchinterop.HostTensors.toLongs(torch.argmax(logits, new org.bytedeco.pytorch.LongOptional(-1), false));
        }
      }
      long end = System.nanoTime();
      return new Timing((mid - start) / 1e9, (end - mid) / 1e9);
    }
  }

  @SuppressWarnings("try")
  static double prefillSeconds(Qwen25VlModel model, long[][] ids, int repeat) {
    int b = ids.length;
    int t = ids[0].length;
    long start = System.nanoTime();
    try (KvCache cache = model.decoder().newCache(b, t + 1); PointerScope scope = new PointerScope()) {
      model.prefill(new Qwen25VlModel.Batch(ids, ones(b, t), null, null), cache, false);
      if (repeat > 1) cache.repeatRows(repeat, t + 1).close();
    }
    return (System.nanoTime() - start) / 1e9;
  }

  /** Bytes per second of a large LibTorch copy (read + write). */
  @SuppressWarnings("try")
  static double copyBandwidth() {
    try (PointerScope scope = new PointerScope()) {
      Tensor src = torch.ones(32L << 20); // 128 MiB of fp32
      Tensor dst = src.clone();
      double best = 0;
      for (int i = 0; i < 5; i++) {
        long s = System.nanoTime();
        dst.copy_(src);
        double secs = (System.nanoTime() - s) / 1e9;
        best = Math.max(best, 2.0 * src.numel() * 4 / secs);
      }
      return best;
    }
  }

  static long[][] randomIds(int b, int t, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    long[][] ids = new long[b][t];
    for (long[] row : ids) for (int j = 0; j < t; j++) row[j] = r.nextInt(150000);
    return ids;
  }

  static long[][] ones(int b, int t) {
    long[][] m = new long[b][t];
    for (long[] row : m) Arrays.fill(row, 1);
    return m;
  }
}
