// One Qwen2.5-VL decoder layer (Qwen2_5_VLDecoderLayer, spec §5.5): pre-norm RMSNorm, GQA attention
// with biased q/k/v, MRoPE, KV cache and LibTorch scaled_dot_product_attention, then SwiGLU MLP.
package org.anatomyr1.model.text;

import org.anatomyr1.model.core.ModelWeights;
import org.anatomyr1.model.core.TensorOps;
import org.anatomyr1.model.core.TextConfig;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

final class DecoderLayer {
  private final int index;
  private final int heads, kvHeads, headDim;
  private final double eps;
  private final Tensor inNorm, postNorm; // [H]
  private final Tensor qW, qB, kW, kB, vW, vB, oW; // q [NH*hd, H], k/v [NKV*hd, H], o [H, NH*hd]
  private final Tensor gateW, upW, downW; // [I, H], [I, H], [H, I]
  private java.util.Map<String, LinearAdapter> adapters = java.util.Map.of(); // module name -> adapter (LoRA)

  DecoderLayer(ModelWeights w, TextConfig c, int index) {
    String b = "lm.layers." + index + ".";
    this.index = index;
    heads = c.numAttentionHeads();
    kvHeads = c.numKeyValueHeads();
    headDim = c.headDim();
    eps = c.rmsNormEps();
    inNorm = w.get(b + "input_layernorm.weight");
    postNorm = w.get(b + "post_attention_layernorm.weight");
    qW = w.get(b + "self_attn.q_proj.weight");
    qB = w.get(b + "self_attn.q_proj.bias");
    kW = w.get(b + "self_attn.k_proj.weight");
    kB = w.get(b + "self_attn.k_proj.bias");
    vW = w.get(b + "self_attn.v_proj.weight");
    vB = w.get(b + "self_attn.v_proj.bias");
    oW = w.get(b + "self_attn.o_proj.weight");
    gateW = w.get(b + "mlp.gate_proj.weight");
    upW = w.get(b + "mlp.up_proj.weight");
    downW = w.get(b + "mlp.down_proj.weight");
  }

  /** Adapters by module name ("self_attn.q_proj", "mlp.down_proj", ...); empty = none. */
  void setAdapters(java.util.Map<String, LinearAdapter> byModule) {
    adapters = java.util.Map.copyOf(byModule);
  }

  /**
   * @param x [B, T, H]
   * @param cos,sin [B, 1, T, hd]
   * @param mask [B, 1, T, K] bool (true = may attend), K = cached + T
   * @param cache null for a cache-free forward
   */
  Tensor forward(Tensor x, Tensor cos, Tensor sin, Tensor mask, KvCache cache) {
    Tensor h = x.add(attention(TensorOps.rmsNorm(x, inNorm, eps), cos, sin, mask, cache));
    Tensor n = TensorOps.rmsNorm(h, postNorm, eps);
    if (adapters.isEmpty()) return h.add(TensorOps.swiglu(n, gateW, null, upW, null, downW, null));
    Tensor g = torch.silu(linear(n, "mlp.gate_proj", gateW, null)); // the swiglu expression, adapters added
    return h.add(linear(g.mul(linear(n, "mlp.up_proj", upW, null)), "mlp.down_proj", downW, null));
  }

  /** W x + b, plus the module's adapter output when one is set and switched on. */
  private Tensor linear(Tensor x, String module, Tensor w, Tensor b) {
    Tensor y = TensorOps.linear(x, w, b);
    LinearAdapter a = adapters.get(module);
    Tensor d = a == null ? null : a.delta(x);
    return d == null ? y : y.add(d);
  }

  private Tensor attention(Tensor x, Tensor cos, Tensor sin, Tensor mask, KvCache cache) {
    long b = x.size(0), t = x.size(1);
    Tensor q = linear(x, "self_attn.q_proj", qW, qB).view(b, t, heads, headDim).transpose(1, 2); // [B, NH, T, hd]
    Tensor k = linear(x, "self_attn.k_proj", kW, kB).view(b, t, kvHeads, headDim).transpose(1, 2); // [B, NKV, T, hd]
    Tensor v = linear(x, "self_attn.v_proj", vW, vB).view(b, t, kvHeads, headDim).transpose(1, 2);
    q = TensorOps.applyRotary(q, cos, sin);
    k = TensorOps.applyRotary(k, cos, sin);
    if (cache != null) {
      Tensor[] kv = cache.append(index, k, v); // keys are cached after rotation
      k = kv[0];
      v = kv[1];
    }
    // enable_gqa: query head h reads kv head h / (NH/NKV), the reference's repeat_kv order
    Tensor out = TensorOps.attention(q, k, v, mask, heads != kvHeads); // [B, NH, T, hd]
    return linear(out.transpose(1, 2).reshape(b, t, (long) heads * headDim), "self_attn.o_proj", oW, null);
  }
}
