// Test helper: a second tiny configuration, different from the golden one in every structural
// knob (untied head, GQA group 3, depth 4 with two full-attention blocks, 4x4 windows, other mrope
// split and special ids), for tests that must not depend on one config.
package org.anatomyr1.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.anatomyr1.model.core.Qwen25VlConfig;

public final class TinyConfigs {
  private TinyConfigs() {}

  public static final String CONFIG_B = """
      {"model_type":"qwen2_5_vl","hidden_size":48,"intermediate_size":80,"num_hidden_layers":3,
       "num_attention_heads":6,"num_key_value_heads":2,"hidden_act":"silu","rms_norm_eps":1e-6,
       "rope_theta":10000.0,"rope_scaling":{"type":"mrope","mrope_section":[2,1,1]},"vocab_size":300,
       "tie_word_embeddings":false,"eos_token_id":[290,291],"pad_token_id":291,"vision_start_token_id":293,
       "vision_end_token_id":294,"image_token_id":295,"video_token_id":296,
       "vision_config":{"depth":4,"hidden_size":48,"num_heads":3,"intermediate_size":56,"hidden_act":"silu",
       "in_chans":3,"patch_size":14,"temporal_patch_size":2,"spatial_merge_size":2,"window_size":112,
       "fullatt_block_indexes":[1,3],"out_hidden_size":48}}""";

  public static Qwen25VlConfig configB() {
    try {
      return Qwen25VlConfig.parse("configB", new ObjectMapper().readTree(CONFIG_B));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
