// MRoPE of the Qwen2.5-VL decoder (Qwen2_5_VLRotaryEmbedding + apply_multimodal_rotary_pos_emb,
// spec §5.4): angles per axis in float32, then each chunk of the doubled mrope_section takes its
// cos/sin from axis (chunk mod 3): temporal, height, width.
package org.anatomyr1.model.text;

import org.anatomyr1.model.core.TensorOps;
import org.anatomyr1.model.core.TextConfig;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;

public final class MultimodalRotary {
  private final int[] section; // mrope_section, sums to head_dim/2
  private final Tensor invFreq; // [head_dim/2] float32

  public MultimodalRotary(TextConfig config, org.bytedeco.pytorch.Device device) {
    this.section = config.mropeSection();
    int dim = config.headDim();
    try (TensorOptions i64 = new TensorOptions(ScalarType.Long)) {
      // 1 / theta^(arange(0, dim, 2).float() / dim), float32 as _compute_default_rope_parameters
      Tensor exponents = torch.arange(new Scalar(0), new Scalar(dim), new Scalar(2), i64).to(ScalarType.Float)
          .div(new Scalar((double) dim));
      this.invFreq = TensorOps.keep(
          torch.reciprocal(torch.pow(new Scalar(config.ropeTheta()), exponents)).to(device, ScalarType.Float));
    }
  }

  /**
   * position ids [3, B, T] (int64) -> {cos, sin}, each [B, 1, T, head_dim] in {@code dtype}, ready
   * to broadcast over heads.
   */
  public Tensor[] cosSin(Tensor positionIds, ScalarType dtype) {
    Tensor freqs = positionIds.to(ScalarType.Float).unsqueeze(-1).mul(invFreq); // [3, B, T, hd/2]
    Tensor emb = TensorOps.cat(-1, freqs, freqs); // [3, B, T, hd]
    Tensor cos = select(emb.cos()).to(dtype);
    Tensor sin = select(emb.sin()).to(dtype);
    return new Tensor[] {cos.unsqueeze(1), sin.unsqueeze(1)};
  }

  /** [3, B, T, hd] -> [B, T, hd], chunk c of the doubled section from axis c mod 3. */
  private Tensor select(Tensor perAxis) {
    int chunks = section.length * 2;
    Tensor[] parts = new Tensor[chunks];
    long offset = 0;
    for (int c = 0; c < chunks; c++) {
      int width = section[c % section.length];
      parts[c] = perAxis.select(0, c % 3).narrow(-1, offset, width);
      offset += width;
    }
    return TensorOps.cat(-1, parts);
  }
}
