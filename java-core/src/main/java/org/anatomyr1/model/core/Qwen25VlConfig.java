// A Qwen2.5-VL model's config.json (model_type qwen2_5_vl): text + vision hyper-parameters and the
// special token ids, which are always read from the checkpoint, never hard-coded.
package org.anatomyr1.model.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

public record Qwen25VlConfig(
    TextConfig text,
    VisionConfig vision,
    int imageTokenId,
    int videoTokenId,
    int visionStartTokenId,
    int visionEndTokenId,
    int[] eosTokenIds,
    int padTokenId) {

  public Qwen25VlConfig {
    ConfigFields.check(vision.outHiddenSize() == text.hiddenSize(), "config", "vision_config.out_hidden_size",
        "must equal the text hidden_size " + text.hiddenSize() + ", got " + vision.outHiddenSize());
    for (int id : new int[] {imageTokenId, visionStartTokenId, visionEndTokenId}) {
      ConfigFields.check(id >= 0 && id < text.vocabSize(), "config", "image_token_id",
          "special token ids must lie in [0, vocab_size=" + text.vocabSize() + "), got " + id);
    }
    eosTokenIds = eosTokenIds.clone();
  }

  public static Qwen25VlConfig read(Path configJson) {
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(Files.readString(configJson));
    } catch (IOException e) {
      throw new IllegalArgumentException(configJson + ": cannot read config: " + e.getMessage(), e);
    }
    if (root == null || !root.isObject()) throw new IllegalArgumentException(configJson + ": not a JSON object");
    return parse(configJson.toString(), root);
  }

  /** Parses an already-read config.json; {@code source} names it in error messages. */
  public static Qwen25VlConfig parse(String source, JsonNode root) {
    String modelType = root.path("model_type").asText("");
    if (!modelType.isEmpty() && !modelType.equals("qwen2_5_vl")) {
      throw new IllegalArgumentException(source + ": field 'model_type' must be 'qwen2_5_vl', got '" + modelType + "'");
    }
    JsonNode textNode = root.get("text_config");
    ConfigFields top = new ConfigFields(source, "", textNode, root);
    // rope: rope_scaling (v4) or rope_parameters (v5), either inside text_config or at top level
    JsonNode rope = top.find("rope_scaling");
    if (rope == null) rope = top.find("rope_parameters");
    if (rope == null || !rope.isObject()) {
      throw top.error("rope_scaling", "is missing (needs mrope_section)");
    }
    ConfigFields ropeFields = new ConfigFields(source, "rope_scaling.", rope);
    int[] mrope = ropeFields.requireIntArray("mrope_section");
    double theta = top.has("rope_theta") ? top.requireDouble("rope_theta") : ropeFields.requireDouble("rope_theta");

    TextConfig text = new TextConfig(
        top.requireInt("hidden_size"),
        top.requireInt("intermediate_size"),
        top.requireInt("num_hidden_layers"),
        top.requireInt("num_attention_heads"),
        top.requireInt("num_key_value_heads"),
        top.optString("hidden_act", "silu"),
        top.requireDouble("rms_norm_eps"),
        theta,
        mrope,
        top.requireInt("vocab_size"),
        // transformers' Qwen2_5_VLConfig default is false
        new ConfigFields(source, "", root, textNode).optBool("tie_word_embeddings", false));

    JsonNode visionNode = root.get("vision_config");
    if (visionNode == null || !visionNode.isObject()) throw top.error("vision_config", "is missing");
    VisionConfig vision = VisionConfig.from(new ConfigFields(source, "vision_config.", visionNode));

    ConfigFields ids = new ConfigFields(source, "", root, textNode);
    int[] eos = ids.intOrIntArray("eos_token_id", new int[0]);
    int pad = ids.has("pad_token_id") ? ids.requireInt("pad_token_id") : (eos.length > 0 ? eos[0] : 0);
    return new Qwen25VlConfig(
        text,
        vision,
        ids.requireInt("image_token_id"),
        ids.optInt("video_token_id", -1),
        ids.requireInt("vision_start_token_id"),
        ids.requireInt("vision_end_token_id"),
        eos,
        pad);
  }

  /** config.json in the original flat layout of the Hub checkpoints (what transformers 4.49+ loads). */
  public com.fasterxml.jackson.databind.node.ObjectNode toJson() {
    ObjectMapper m = new ObjectMapper();
    com.fasterxml.jackson.databind.node.ObjectNode n = m.createObjectNode();
    n.putArray("architectures").add("Qwen2_5_VLForConditionalGeneration");
    n.put("model_type", "qwen2_5_vl");
    n.put("attention_dropout", 0.0);
    n.put("hidden_act", text.hiddenAct());
    n.put("hidden_size", text.hiddenSize());
    n.put("intermediate_size", text.intermediateSize());
    n.put("num_hidden_layers", text.numHiddenLayers());
    n.put("num_attention_heads", text.numAttentionHeads());
    n.put("num_key_value_heads", text.numKeyValueHeads());
    n.put("rms_norm_eps", text.rmsNormEps());
    n.put("rope_theta", text.ropeTheta());
    com.fasterxml.jackson.databind.node.ObjectNode rope = n.putObject("rope_scaling");
    rope.put("type", "mrope");
    com.fasterxml.jackson.databind.node.ArrayNode sec = rope.putArray("mrope_section");
    for (int s : text.mropeSection()) sec.add(s);
    n.put("vocab_size", text.vocabSize());
    n.put("tie_word_embeddings", text.tieWordEmbeddings());
    n.put("max_position_embeddings", 32768);
    n.put("use_sliding_window", false);
    n.put("torch_dtype", "float32");
    if (eosTokenIds.length == 1) n.put("eos_token_id", eosTokenIds[0]);
    else {
      com.fasterxml.jackson.databind.node.ArrayNode eos = n.putArray("eos_token_id");
      for (int e : eosTokenIds) eos.add(e);
    }
    n.put("pad_token_id", padTokenId);
    n.put("image_token_id", imageTokenId);
    if (videoTokenId >= 0) n.put("video_token_id", videoTokenId);
    n.put("vision_start_token_id", visionStartTokenId);
    n.put("vision_end_token_id", visionEndTokenId);
    com.fasterxml.jackson.databind.node.ObjectNode v = n.putObject("vision_config");
    v.put("depth", vision.depth());
    v.put("hidden_act", vision.hiddenAct());
    v.put("hidden_size", vision.hiddenSize());
    v.put("intermediate_size", vision.intermediateSize());
    v.put("num_heads", vision.numHeads());
    v.put("in_chans", vision.inChannels());
    v.put("out_hidden_size", vision.outHiddenSize());
    v.put("patch_size", vision.patchSize());
    v.put("spatial_merge_size", vision.spatialMergeSize());
    v.put("temporal_patch_size", vision.temporalPatchSize());
    v.put("window_size", vision.windowSize());
    com.fasterxml.jackson.databind.node.ArrayNode full = v.putArray("fullatt_block_indexes");
    for (int i : vision.fullattBlockIndexes()) full.add(i);
    v.put("tokens_per_second", 2);
    return n;
  }

  @Override
  public String toString() {
    return "Qwen25VlConfig[" + text + ", " + vision + ", image_token_id=" + imageTokenId + "]";
  }
}
