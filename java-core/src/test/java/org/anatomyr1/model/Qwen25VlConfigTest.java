// config.json parsing: the golden tiny config, the re-saved layout (text_config, rope_parameters),
// missing and invalid fields failing with the field's name.
package org.anatomyr1.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.anatomyr1.model.core.Qwen25VlConfig;
import org.junit.jupiter.api.Test;

class Qwen25VlConfigTest {
  static final String TINY = """
      {"model_type":"qwen2_5_vl","hidden_size":64,"intermediate_size":96,"num_hidden_layers":2,
       "num_attention_heads":4,"num_key_value_heads":2,"hidden_act":"silu","rms_norm_eps":1e-6,
       "rope_theta":1000000.0,"rope_scaling":{"type":"mrope","mrope_section":[2,3,3]},"vocab_size":512,
       "tie_word_embeddings":false,"eos_token_id":[501,500],"pad_token_id":500,"vision_start_token_id":502,
       "vision_end_token_id":503,"image_token_id":505,"video_token_id":506,
       "vision_config":{"depth":3,"hidden_size":32,"num_heads":2,"intermediate_size":40,"hidden_act":"silu",
       "in_chans":3,"patch_size":14,"temporal_patch_size":2,"spatial_merge_size":2,"window_size":56,
       "fullatt_block_indexes":[1],"out_hidden_size":64}}""";

  static ObjectNode tiny() throws Exception {
    return (ObjectNode) new ObjectMapper().readTree(TINY);
  }

  @Test
  void parsesFlatLayout() throws Exception {
    Qwen25VlConfig c = Qwen25VlConfig.parse("t", tiny());
    assertEquals(16, c.text().headDim());
    assertArrayEquals(new int[] {2, 3, 3}, c.text().mropeSection());
    assertEquals(505, c.imageTokenId());
    assertArrayEquals(new int[] {501, 500}, c.eosTokenIds());
    assertTrue(c.vision().isFullAttention(1));
    assertEquals(1176, c.vision().patchInputSize());
  }

  @Test
  void parsesResavedLayoutWithTextConfigAndRopeParameters() throws Exception {
    ObjectNode flat = tiny();
    ObjectNode nested = new ObjectMapper().createObjectNode();
    ObjectNode text = nested.putObject("text_config");
    for (String f : new String[] {"hidden_size", "intermediate_size", "num_hidden_layers", "num_attention_heads",
        "num_key_value_heads", "hidden_act", "rms_norm_eps", "vocab_size"}) {
      text.set(f, flat.get(f));
    }
    ObjectNode rope = text.putObject("rope_parameters");
    rope.put("rope_type", "default").put("rope_theta", 1000000.0).putArray("mrope_section").add(2).add(3).add(3);
    for (String f : new String[] {"model_type", "tie_word_embeddings", "eos_token_id", "pad_token_id",
        "vision_start_token_id", "vision_end_token_id", "image_token_id", "video_token_id", "vision_config"}) {
      nested.set(f, flat.get(f));
    }
    assertEquals(Qwen25VlConfig.parse("a", flat).toString(), Qwen25VlConfig.parse("b", nested).toString());
  }

  @Test
  void goldenConfigParses() {
    Path dir = GoldenData.tinyA();
    Qwen25VlConfig c = Qwen25VlConfig.read(dir.resolve("config.json"));
    assertTrue(c.text().tieWordEmbeddings());
    assertEquals(596, c.imageTokenId());
    assertEquals(600, c.text().vocabSize());
  }

  @Test
  void missingFieldIsNamed() throws Exception {
    for (String field : new String[] {"num_key_value_heads", "rms_norm_eps", "image_token_id", "vocab_size"}) {
      ObjectNode n = tiny();
      n.remove(field);
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Qwen25VlConfig.parse("cfg.json", n));
      assertTrue(e.getMessage().contains("cfg.json") && e.getMessage().contains("'" + field + "'"), e.getMessage());
    }
    ObjectNode n = tiny();
    ((ObjectNode) n.get("vision_config")).remove("window_size");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Qwen25VlConfig.parse("cfg.json", n));
    assertTrue(e.getMessage().contains("vision_config.window_size"), e.getMessage());
  }

  @Test
  void invalidValuesAreNamed() throws Exception {
    ObjectNode n = tiny();
    ((ObjectNode) n.get("rope_scaling")).putArray("mrope_section").add(4).add(3).add(3);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Qwen25VlConfig.parse("c", n));
    assertTrue(e.getMessage().contains("mrope_section"), e.getMessage());
    ObjectNode m = tiny();
    m.put("num_key_value_heads", 3);
    e = assertThrows(IllegalArgumentException.class, () -> Qwen25VlConfig.parse("c", m));
    assertTrue(e.getMessage().contains("num_key_value_heads"), e.getMessage());
    ObjectNode v = tiny();
    ((ObjectNode) v.get("vision_config")).putArray("fullatt_block_indexes").add(7);
    e = assertThrows(IllegalArgumentException.class, () -> Qwen25VlConfig.parse("c", v));
    assertTrue(e.getMessage().contains("fullatt_block_indexes"), e.getMessage());
  }

  @Test
  void unreadableFileIsNamed(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
    Path p = tmp.resolve("config.json");
    Files.writeString(p, "{not json");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Qwen25VlConfig.read(p));
    assertTrue(e.getMessage().contains(p.toString()), e.getMessage());
  }
}
