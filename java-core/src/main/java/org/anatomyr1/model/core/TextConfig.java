// The Qwen2.5-VL language-model hyper-parameters (flat at the top of config.json in the original
// checkpoints, under "text_config" in re-saved ones; transformers Qwen2_5_VLConfig/TextConfig).
package org.anatomyr1.model.core;

import java.util.Arrays;

public record TextConfig(
    int hiddenSize,
    int intermediateSize,
    int numHiddenLayers,
    int numAttentionHeads,
    int numKeyValueHeads,
    String hiddenAct,
    double rmsNormEps,
    double ropeTheta,
    int[] mropeSection,
    int vocabSize,
    boolean tieWordEmbeddings) {

  public TextConfig {
    String s = "text config";
    ConfigFields.check(hiddenSize > 0, s, "hidden_size", "must be > 0");
    ConfigFields.check(numAttentionHeads > 0 && hiddenSize % numAttentionHeads == 0, s, "num_attention_heads",
        "must divide hidden_size " + hiddenSize + ", got " + numAttentionHeads);
    ConfigFields.check(numKeyValueHeads > 0 && numAttentionHeads % numKeyValueHeads == 0, s, "num_key_value_heads",
        "must divide num_attention_heads " + numAttentionHeads + ", got " + numKeyValueHeads);
    ConfigFields.check(intermediateSize > 0 && numHiddenLayers > 0 && vocabSize > 0, s, "intermediate_size",
        "intermediate_size, num_hidden_layers and vocab_size must be > 0");
    ConfigFields.check("silu".equals(hiddenAct), s, "hidden_act", "must be 'silu', got '" + hiddenAct + "'");
    ConfigFields.check(rmsNormEps > 0, s, "rms_norm_eps", "must be > 0");
    ConfigFields.check(ropeTheta > 0, s, "rope_theta", "must be > 0");
    int sum = 0;
    for (int m : mropeSection) sum += m;
    ConfigFields.check(mropeSection.length == 3 && sum * 2 == hiddenSize / numAttentionHeads, s,
        "rope_scaling.mrope_section", "must be 3 sections summing to head_dim/2 = "
            + hiddenSize / numAttentionHeads / 2 + ", got " + Arrays.toString(mropeSection));
    mropeSection = mropeSection.clone();
  }

  public int headDim() {
    return hiddenSize / numAttentionHeads;
  }

  @Override
  public String toString() {
    return "TextConfig[hidden=" + hiddenSize + ", inter=" + intermediateSize + ", layers=" + numHiddenLayers
        + ", heads=" + numAttentionHeads + "/" + numKeyValueHeads + ", eps=" + rmsNormEps + ", theta=" + ropeTheta
        + ", mrope=" + Arrays.toString(mropeSection) + ", vocab=" + vocabSize + ", tied=" + tieWordEmbeddings + "]";
  }
}
