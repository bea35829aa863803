// The weight table the loader expects for the real Qwen2.5-VL-3B (tied) and 7B (untied) configs of
// shared/research/qwen2_5_vl_spec.md §1-2: 824 / 729 tensors and 3 754 622 976 / 8 292 166 656 parameters.
package org.anatomyr1.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.anatomyr1.model.core.ModelWeights;
import org.anatomyr1.model.core.Qwen25VlConfig;
import org.junit.jupiter.api.Test;

class RealConfigShapesTest {
  static Qwen25VlConfig config(int hidden, int inter, int layers, int heads, int kv, int vocab, boolean tied) throws Exception {
    String json = """
        {"architectures":["Qwen2_5_VLForConditionalGeneration"],"model_type":"qwen2_5_vl","hidden_size":%d,
         "intermediate_size":%d,"num_hidden_layers":%d,"num_attention_heads":%d,"num_key_value_heads":%d,
         "hidden_act":"silu","rms_norm_eps":1e-06,"rope_theta":1000000.0,
         "rope_scaling":{"type":"mrope","mrope_section":[16,24,24]},"vocab_size":%d,"tie_word_embeddings":%b,
         "bos_token_id":151643,"eos_token_id":151645,"vision_start_token_id":151652,"vision_end_token_id":151653,
         "vision_token_id":151654,"image_token_id":151655,"video_token_id":151656,
         "vision_config":{"depth":32,"hidden_act":"silu","hidden_size":1280,"intermediate_size":3420,"num_heads":16,
         "in_chans":3,"out_hidden_size":%d,"patch_size":14,"spatial_merge_size":2,"spatial_patch_size":14,
         "window_size":112,"fullatt_block_indexes":[7,15,23,31],"tokens_per_second":2,"temporal_patch_size":2}}"""
        .formatted(hidden, inter, layers, heads, kv, vocab, tied, hidden);
    return Qwen25VlConfig.parse("config.json", new ObjectMapper().readTree(json));
  }

  static long params(Map<String, long[]> shapes) {
    long n = 0;
    for (long[] s : shapes.values()) {
      long p = 1;
      for (long d : s) p *= d;
      n += p;
    }
    return n;
  }

  @Test
  void qwen25vl3b() throws Exception {
    Map<String, long[]> s = ModelWeights.expectedShapes(config(2048, 11008, 36, 16, 2, 151936, true));
    assertEquals(824, s.size());
    assertEquals(3_754_622_976L, params(s));
    assertFalse(s.containsKey("lm_head.weight"), "3B is tied");
    assertArrayEquals(new long[] {256, 2048}, s.get("lm.layers.0.self_attn.k_proj.weight"));
    assertArrayEquals(new long[] {2048, 5120}, s.get("vis.merger.mlp.2.weight"));
  }

  @Test
  void qwen25vl7b() throws Exception {
    Map<String, long[]> s = ModelWeights.expectedShapes(config(3584, 18944, 28, 28, 4, 152064, false));
    assertEquals(729, s.size());
    assertEquals(8_292_166_656L, params(s));
    assertArrayEquals(new long[] {152064, 3584}, s.get("lm_head.weight"));
    assertArrayEquals(new long[] {1280, 3, 2, 14, 14}, s.get("vis.patch_embed.proj.weight"));
  }
}
