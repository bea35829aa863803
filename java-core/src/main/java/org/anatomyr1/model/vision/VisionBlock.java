// One Qwen2.5-VL vision block (Qwen2_5_VLVisionBlock, spec §4.6): pre-norm RMSNorm, fused-QKV
// attention with the 2-D rotary restricted to segments (windows or whole images), SwiGLU MLP with biases.
package org.anatomyr1.model.vision;

import org.anatomyr1.model.core.ModelWeights;
import org.anatomyr1.model.core.TensorOps;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch.ScalarType;

final class VisionBlock {
  static final double NORM_EPS = 1e-6; // hard-coded in the reference for the ViT and merger norms

  private final int numHeads;
  private final int headDim;
  private final Tensor norm1, norm2; // [D]
  private final Tensor qkvW, qkvB; // [3D, D], [3D]
  private final Tensor projW, projB; // [D, D], [D]
  private final Tensor gateW, gateB, upW, upB, downW, downB;

  VisionBlock(ModelWeights w, int index, int numHeads, int headDim) {
    String b = "vis.blocks." + index + ".";
    this.numHeads = numHeads;
    this.headDim = headDim;
    norm1 = w.get(b + "norm1.weight");
    norm2 = w.get(b + "norm2.weight");
    qkvW = w.get(b + "attn.qkv.weight");
    qkvB = w.get(b + "attn.qkv.bias");
    projW = w.get(b + "attn.proj.weight");
    projB = w.get(b + "attn.proj.bias");
    gateW = w.get(b + "mlp.gate_proj.weight");
    gateB = w.get(b + "mlp.gate_proj.bias");
    upW = w.get(b + "mlp.up_proj.weight");
    upB = w.get(b + "mlp.up_proj.bias");
    downW = w.get(b + "mlp.down_proj.weight");
    downB = w.get(b + "mlp.down_proj.bias");
  }

  /**
   * @param x [N, D] in window order
   * @param cos,sin [N, head_dim] float32
   * @param segments the attention segments (windows or whole images) of this block
   */
  Tensor forward(Tensor x, Tensor cos, Tensor sin, AttentionSegments segments) {
    Tensor h = x.add(attention(TensorOps.rmsNorm(x, norm1, NORM_EPS), cos, sin, segments));
    return h.add(TensorOps.swiglu(TensorOps.rmsNorm(h, norm2, NORM_EPS), gateW, gateB, upW, upB, downW, downB));
  }

  private Tensor attention(Tensor x, Tensor cos, Tensor sin, AttentionSegments segments) {
    long n = x.size(0);
    ScalarType dtype = x.scalar_type();
    // [N, 3D] -> [3, heads, N, head_dim]: rows of qkv are (q|k|v) blocks, head-major inside
    Tensor qkv = TensorOps.linear(x, qkvW, qkvB).view(n, 3, numHeads, headDim).permute(1, 2, 0, 3);
    // rotary in float32, as apply_rotary_pos_emb_vision does, then back to the compute dtype
    Tensor q = TensorOps.applyRotary(qkv.select(0, 0).to(ScalarType.Float), cos, sin).to(dtype);
    Tensor k = TensorOps.applyRotary(qkv.select(0, 1).to(ScalarType.Float), cos, sin).to(dtype);
    Tensor v = qkv.select(0, 2);
    Tensor out = segments.attend(q, k, v); // [heads, N, hd]
    Tensor merged = out.transpose(0, 1).reshape(n, numHeads * headDim);
    return TensorOps.linear(merged, projW, projB);
  }
}
