// The published Qwen2.5-VL-{3B,7B,32B}-Instruct architectures as their Hub config.json (flat text
// fields, shared/research/qwen2_5_vl_spec.md §1.1-1.4): what `init-model --arch` writes. 3B and 7B
// follow the spec's byte-checked reconstruction; the 32B values (H 5120, I 27648, 64 layers, 40/8
// heads) are the published card's, not byte-checked here.
package org.anatomyr1.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.List;
import java.util.Locale;

public final class PublishedArchitectures {
  private PublishedArchitectures() {}

  public static final List<String> NAMES = List.of("qwen2.5-vl-3b", "qwen2.5-vl-7b", "qwen2.5-vl-32b");

  /** The Hub config.json of a published architecture; unknown names list the valid ones. */
  public static ObjectNode config(String name) {
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "qwen2.5-vl-3b" -> hubConfig(2048, 11008, 36, 16, 2, 151936, true, 70);
      case "qwen2.5-vl-7b" -> hubConfig(3584, 18944, 28, 28, 4, 152064, false, 28);
      case "qwen2.5-vl-32b" -> hubConfig(5120, 27648, 64, 40, 8, 152064, false, 64);
      default -> throw new IllegalArgumentException("unknown architecture '" + name + "' (valid: " + String.join(", ", NAMES)
          + ", or a config.json path)");
    };
  }

  private static ObjectNode hubConfig(int hidden, int intermediate, int layers, int heads, int kvHeads, int vocab,
      boolean tied, int maxWindowLayers) {
    String json = """
        {"architectures":["Qwen2_5_VLForConditionalGeneration"],"attention_dropout":0.0,"bos_token_id":151643,
         "eos_token_id":151645,"vision_start_token_id":151652,"vision_end_token_id":151653,"vision_token_id":151654,
         "image_token_id":151655,"video_token_id":151656,"hidden_act":"silu","hidden_size":%d,"initializer_range":0.02,
         "intermediate_size":%d,"max_position_embeddings":128000,"max_window_layers":%d,"model_type":"qwen2_5_vl",
         "num_attention_heads":%d,"num_hidden_layers":%d,"num_key_value_heads":%d,"rms_norm_eps":1e-06,
         "rope_theta":1000000.0,"sliding_window":32768,"tie_word_embeddings":%b,"torch_dtype":"bfloat16",
         "transformers_version":"4.41.2","use_cache":true,"use_sliding_window":false,
         "vision_config":{"depth":32,"hidden_act":"silu","hidden_size":1280,"intermediate_size":3420,"num_heads":16,
          "in_chans":3,"out_hidden_size":%d,"patch_size":14,"spatial_merge_size":2,"spatial_patch_size":14,
          "window_size":112,"fullatt_block_indexes":[7,15,23,31],"tokens_per_second":2,"temporal_patch_size":2},
         "rope_scaling":{"type":"mrope","mrope_section":[16,24,24]},"vocab_size":%d}"""
        .formatted(hidden, intermediate, maxWindowLayers, heads, layers, kvHeads, tied, hidden, vocab);
    try {
      return (ObjectNode) new ObjectMapper().readTree(json);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Shrinks depth for quick runs: the text decoder and the vision tower keep their first {@code layers}
   * layers/blocks; full-attention vision blocks beyond the new depth are dropped, and if none is
   * left the last block becomes a full-attention one (the tower needs one to mix windows).
   */
  public static void truncateLayers(ObjectNode config, int layers) {
    if (layers <= 0) throw new IllegalArgumentException("--layers must be > 0, got " + layers);
    ObjectNode text = config.has("text_config") && config.get("text_config").isObject()
        ? (ObjectNode) config.get("text_config") : config;
    if (!text.has("num_hidden_layers")) throw new IllegalArgumentException("config has no num_hidden_layers");
    text.put("num_hidden_layers", Math.min(layers, text.get("num_hidden_layers").asInt()));
    if (text.has("max_window_layers")) text.put("max_window_layers", Math.min(layers, text.get("max_window_layers").asInt()));
    JsonNode vn = config.get("vision_config");
    if (vn == null || !vn.isObject()) throw new IllegalArgumentException("config has no vision_config");
    ObjectNode vision = (ObjectNode) vn;
    int depth = Math.min(layers, vision.path("depth").asInt(layers));
    vision.put("depth", depth);
    JsonNode old = vision.path("fullatt_block_indexes").deepCopy();
    ArrayNode full = vision.putArray("fullatt_block_indexes");
    for (JsonNode i : old) if (i.asInt() < depth) full.add(i.asInt());
    if (full.isEmpty()) full.add(depth - 1);
  }
}
