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
import org.anatomyr1.model.io.HostTensors;
import org.bytedeco.pytorch.Tensor;

public final class TinyModelFactory {
  private TinyModelFactory() {}

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
