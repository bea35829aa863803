// Builds a random Qwen2.5-VL-architecture model for a config and seed and saves it as a complete
// Hugging Face model directory (config.json, preprocessor_config.json, generation_config.json,
// model.safetensors). Init as the golden data's: matrices N(0, 1/sqrt(fan_in)), embeddings
// N(0, 0.1), biases N(0, 0.1), norm weights 1 + 0.1 N(0, 1), so attention is far from uniform.
package org.anatomyr1.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.anatomyr1.image.QwenImageProcessor;
import org.anatomyr1.model.core.ModelWeights;
import org.anatomyr1.model.core.Qwen25VlConfig;
import org.anatomyr1.torchinterop.HostTensors;
import org.bytedeco.pytorch.Tensor;

public final class TinyModelFactory {
  private TinyModelFactory() {}

  /** Special tokens placed at the top of the tiny vocabulary, in this order. */
  static final String[] TINY_SPECIALS = {"pad", "im_start", "im_end", "vision_start", "vision_end", "vision_pad", "image",
      "video"};

  /**
   * The default tiny configuration (the golden tiny_a structure: 2 text layers of width 64, GQA 4/2,
   * MRoPE [2, 3, 3], a 3-block vision tower with one full-attention block and 2x2-token windows, tied
   * head) for a vocabulary of {@code regularTokens} ordinary tokens plus 8 specials at the top.
   */
  public static Qwen25VlConfig defaultTinyConfig(int regularTokens) {
    int vocab = (regularTokens + TINY_SPECIALS.length + 63) / 64 * 64;
    int top = vocab - TINY_SPECIALS.length; // pad, im_start, im_end, vision_start, vision_end, vision_pad, image, video
    String json = """
        {"model_type":"qwen2_5_vl","hidden_size":64,"intermediate_size":96,"num_hidden_layers":2,
         "num_attention_heads":4,"num_key_value_heads":2,"hidden_act":"silu","rms_norm_eps":1e-6,
         "rope_theta":1000000.0,"rope_scaling":{"type":"mrope","mrope_section":[2,3,3]},"vocab_size":%d,
         "tie_word_embeddings":true,"pad_token_id":%d,"eos_token_id":%d,"vision_start_token_id":%d,
         "vision_end_token_id":%d,"image_token_id":%d,"video_token_id":%d,
         "vision_config":{"depth":3,"hidden_size":32,"num_heads":2,"intermediate_size":40,"hidden_act":"silu",
         "in_chans":3,"patch_size":14,"temporal_patch_size":2,"spatial_merge_size":2,"window_size":56,
         "fullatt_block_indexes":[1],"out_hidden_size":64}}""".formatted(vocab, top, top + 2, top + 3, top + 4, top + 6, top + 7);
    try {
      return Qwen25VlConfig.parse("default tiny config", new ObjectMapper().readTree(json));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The im_start id of {@link #defaultTinyConfig} (not part of config.json). */
  public static int tinyImStartId(Qwen25VlConfig config) {
    return config.text().vocabSize() - TINY_SPECIALS.length + 1;
  }

  /** Random weights for {@code config}; the same seed gives the same tensors. Tensors drawn in name order. */
  public static ModelWeights randomWeights(Qwen25VlConfig config, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    Map<String, Tensor> m = new LinkedHashMap<>();
    for (Map.Entry<String, long[]> e : new java.util.TreeMap<>(ModelWeights.expectedShapes(config)).entrySet()) {
      String name = e.getKey();
      long[] shape = e.getValue();
      int n = 1;
      for (long s : shape) n = Math.multiplyExact(n, (int) s);
      float[] v = new float[n];
      if (name.endsWith("norm1.weight") || name.endsWith("norm2.weight") || name.endsWith("layernorm.weight")
          || name.endsWith("ln_q.weight") || name.equals("lm.norm.weight")) {
        for (int i = 0; i < n; i++) v[i] = (float) (1 + 0.1 * rng.nextGaussian());
      } else if (name.endsWith(".bias")) {
        for (int i = 0; i < n; i++) v[i] = (float) (0.1 * rng.nextGaussian());
      } else if (name.equals("lm.embed_tokens.weight")) {
        for (int i = 0; i < n; i++) v[i] = (float) (0.1 * rng.nextGaussian());
      } else {
        long fanIn = 1;
        for (int d = 1; d < shape.length; d++) fanIn *= shape[d];
        double std = 1 / Math.sqrt(fanIn);
        for (int i = 0; i < n; i++) v[i] = (float) (std * rng.nextGaussian());
      }
      m.put(name, HostTensors.floats(v, shape));
    }
    return ModelWeights.fromTensors(m, config);
  }

  /** Writes the model directory; {@code processor} becomes preprocessor_config.json. */
  public static void save(Path dir, Qwen25VlConfig config, ModelWeights weights, QwenImageProcessor.Settings processor,
      long maxShardBytes) {
    ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    try {
      Files.createDirectories(dir);
      Files.writeString(dir.resolve("config.json"), json.writeValueAsString(config.toJson()) + "\n");
      ObjectNode pre = json.createObjectNode();
      pre.put("image_processor_type", "Qwen2VLImageProcessor");
      pre.put("processor_class", "Qwen2_5_VLProcessor");
      pre.put("min_pixels", processor.minPixels());
      pre.put("max_pixels", processor.maxPixels());
      pre.put("patch_size", processor.patchSize());
      pre.put("temporal_patch_size", processor.temporalPatchSize());
      pre.put("merge_size", processor.mergeSize());
      for (double x : processor.imageMean()) pre.withArray("image_mean").add(x);
      for (double x : processor.imageStd()) pre.withArray("image_std").add(x);
      pre.put("rescale_factor", processor.rescaleFactor());
      pre.put("resample", 3);
      pre.put("do_resize", processor.doResize());
      pre.put("do_rescale", processor.doRescale());
      pre.put("do_normalize", processor.doNormalize());
      pre.put("do_convert_rgb", true);
      Files.writeString(dir.resolve("preprocessor_config.json"), json.writeValueAsString(pre) + "\n");
      ObjectNode gen = json.createObjectNode();
      gen.put("pad_token_id", config.padTokenId());
      if (config.eosTokenIds().length > 0) {
        for (int e : config.eosTokenIds()) gen.withArray("eos_token_id").add(e);
      }
      gen.put("do_sample", false);
      Files.writeString(dir.resolve("generation_config.json"), json.writeValueAsString(gen) + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write model directory " + dir + ": " + e.getMessage(), e);
    }
    weights.save(dir, config, maxShardBytes);
  }
}
