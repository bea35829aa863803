// The Qwen2.5-VL vision tower hyper-parameters (config.json "vision_config"; transformers
// Qwen2_5_VLVisionConfig), validated when built.
package org.anatomyr1.model.core;

import java.util.Arrays;

public record VisionConfig(
    int depth,
    int hiddenSize,
    int numHeads,
    int intermediateSize,
    String hiddenAct,
    int inChannels,
    int patchSize,
    int temporalPatchSize,
    int spatialMergeSize,
    int windowSize,
    int[] fullattBlockIndexes,
    int outHiddenSize) {

  public VisionConfig {
    String s = "vision_config";
    ConfigFields.check(depth > 0, s, "vision_config.depth", "must be > 0, got " + depth);
    ConfigFields.check(hiddenSize > 0 && numHeads > 0 && hiddenSize % numHeads == 0, s, "vision_config.num_heads",
        "must divide hidden_size " + hiddenSize + ", got " + numHeads);
    // the 2-D rotary splits each head into (row, column) halves of rotation pairs
    ConfigFields.check((hiddenSize / numHeads) % 4 == 0, s, "vision_config.hidden_size",
        "/ num_heads must be a multiple of 4 (2-D rotary), got head_dim " + hiddenSize / Math.max(1, numHeads));
    ConfigFields.check(intermediateSize > 0, s, "vision_config.intermediate_size", "must be > 0");
    ConfigFields.check("silu".equals(hiddenAct), s, "vision_config.hidden_act", "must be 'silu', got '" + hiddenAct + "'");
    ConfigFields.check(inChannels > 0, s, "vision_config.in_chans", "must be > 0");
    ConfigFields.check(patchSize > 0 && temporalPatchSize > 0 && spatialMergeSize > 0, s,
        "vision_config.patch_size", "patch sizes and spatial_merge_size must be > 0");
    ConfigFields.check(windowSize > 0 && windowSize % (spatialMergeSize * patchSize) == 0, s, "vision_config.window_size",
        "must be a positive multiple of spatial_merge_size*patch_size = " + spatialMergeSize * patchSize + ", got " + windowSize);
    for (int i : fullattBlockIndexes) {
      ConfigFields.check(i >= 0 && i < depth, s, "vision_config.fullatt_block_indexes",
          "entries must lie in [0, depth=" + depth + "), got " + Arrays.toString(fullattBlockIndexes));
    }
    ConfigFields.check(outHiddenSize > 0, s, "vision_config.out_hidden_size", "must be > 0");
    fullattBlockIndexes = fullattBlockIndexes.clone();
  }

  public int headDim() {
    return hiddenSize / numHeads;
  }

  /** Patches per merged token (2x2 = 4). */
  public int mergeUnit() {
    return spatialMergeSize * spatialMergeSize;
  }

  /** Columns of a pixel_values row: C * tp * p * p (1176 for Qwen2.5-VL). */
  public int patchInputSize() {
    return inChannels * temporalPatchSize * patchSize * patchSize;
  }

  public boolean isFullAttention(int block) {
    for (int i : fullattBlockIndexes) if (i == block) return true;
    return false;
  }

  static VisionConfig from(ConfigFields f) {
    int inCh = f.has("in_channels") ? f.requireInt("in_channels") : f.optInt("in_chans", 3);
    return new VisionConfig(
        f.requireInt("depth"),
        f.requireInt("hidden_size"),
        f.requireInt("num_heads"),
        f.requireInt("intermediate_size"),
        f.optString("hidden_act", "silu"),
        inCh,
        f.requireInt("patch_size"),
        f.requireInt("temporal_patch_size"),
        f.requireInt("spatial_merge_size"),
        f.requireInt("window_size"),
        f.requireIntArray("fullatt_block_indexes"),
        f.requireInt("out_hidden_size"));
  }

  @Override
  public String toString() {
    return "VisionConfig[depth=" + depth + ", hidden=" + hiddenSize + ", heads=" + numHeads + ", inter="
        + intermediateSize + ", patch=" + patchSize + "x" + temporalPatchSize + ", merge=" + spatialMergeSize
        + ", window=" + windowSize + ", fullatt=" + Arrays.toString(fullattBlockIndexes) + ", out=" + outHiddenSize + "]";
  }
}
