// The Qwen2.5-VL language model (Qwen2_5_VLModel text part + lm_head, spec §5): token embedding,
// decoder layers with MRoPE, final RMSNorm and the (tied or separate) output projection.
package org.anatomyr1.model.text;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.anatomyr1.model.core.ActivationCheckpoints;
import org.anatomyr1.model.core.ComputeSettings;
import org.anatomyr1.model.core.ModelWeights;
import org.anatomyr1.model.core.TensorOps;
import org.anatomyr1.model.core.TextConfig;
import org.anatomyr1.torchinterop.HostTensors;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;

public final class TextDecoder {
  private final TextConfig config;
  private final ComputeSettings compute;
  private final Tensor embed; // [V, H]
  private final Tensor norm; // [H]
  private final Tensor lmHead; // [V, H], the embedding itself when tied
  private final List<DecoderLayer> layers = new ArrayList<>();
  private final MultimodalRotary rotary;

  public TextDecoder(TextConfig config, ModelWeights w, ComputeSettings compute) {
    this.config = config;
    this.compute = compute;
    embed = w.get("lm.embed_tokens.weight");
    norm = w.get("lm.norm.weight");
    lmHead = w.get("lm_head.weight");
    for (int i = 0; i < config.numHiddenLayers(); i++) layers.add(new DecoderLayer(w, config, i));
    rotary = new MultimodalRotary(config, compute.torchDevice());
  }

  public TextConfig config() {
    return config;
  }

  /** input ids [B, T] (int64) -> embeddings [B, T, H]. */
  public Tensor embed(Tensor inputIds) {
    return torch.embedding(embed, inputIds);
  }

  /**
   * Runs the layers and the final norm.
   *
   * @param embeds [B, T, H]
   * @param positionIds [3, B, T] int64
   * @param attentionMask [B][K] 1 = real token, K = cached positions + T (padding included)
   * @param cache null for a cache-free forward; otherwise appended to and advanced by T
   * @return normalized hidden states [B, T, H]
   */
  public Tensor forward(Tensor embeds, Tensor positionIds, long[][] attentionMask, KvCache cache) {
    return forward(embeds, positionIds, attentionMask, cache, null);
  }

  /**
   * {@link #forward(Tensor, Tensor, long[][], KvCache)}, with the layers checkpointed through
   * {@code tape} when it is non-null and autograd records (training with grad_checkpointing):
   * then no layer keeps tensors for backward until {@code tape.backward()} recomputes it.
   */
  public Tensor forward(Tensor embeds, Tensor positionIds, long[][] attentionMask, KvCache cache,
      ActivationCheckpoints tape) {
    int t = (int) embeds.size(1);
    int past = cache == null ? 0 : cache.length();
    Tensor mask = toDevice(causalPaddingMask(attentionMask, past, t));
    Tensor[] cs = rotary.cosSin(positionIds.to(compute.torchDevice(), ScalarType.Long), embeds.scalar_type());
    if (ActivationCheckpoints.records(tape)) {
      if (cache != null) throw new IllegalArgumentException("activation checkpointing runs without a KV cache");
      List<UnaryOperator<Tensor>> chain = new ArrayList<>();
      for (DecoderLayer layer : layers) chain.add(in -> layer.forward(in, cs[0], cs[1], mask, null));
      return TensorOps.rmsNorm(tape.chain(embeds, chain), norm, config.rmsNormEps()); // [B, T, H]
    }
    Tensor x = embeds;
    for (DecoderLayer layer : layers) {
      Tensor in = x;
      x = TensorOps.scoped(() -> layer.forward(in, cs[0], cs[1], mask, cache)); // one layer's intermediates at a time
      if (in != embeds) TensorOps.release(in);
    }
    if (cache != null) cache.advance(t);
    return TensorOps.rmsNorm(x, norm, config.rmsNormEps());
  }

  /** hidden [.., H] -> logits [.., V] in the compute dtype. */
  public Tensor logits(Tensor hidden) {
    return TensorOps.linear(hidden, lmHead, null);
  }

  /**
   * Sets the adapters of every layer: keys "lm.layers.{i}.{module}" (module e.g. "self_attn.q_proj");
   * an empty map removes them. Used by LoRA training; inference without adapters is unchanged.
   */
  public void setAdapters(java.util.Map<String, LinearAdapter> byWeightPrefix) {
    for (int i = 0; i < layers.size(); i++) {
      String p = "lm.layers." + i + ".";
      java.util.Map<String, LinearAdapter> mine = new java.util.HashMap<>();
      for (var e : byWeightPrefix.entrySet()) {
        if (e.getKey().startsWith(p)) mine.put(e.getKey().substring(p.length()), e.getValue());
      }
      layers.get(i).setAdapters(mine);
    }
  }

  public KvCache newCache(long batch, int capacity) {
    return new KvCache(layers.size(), batch, config.numKeyValueHeads(), capacity, config.headDim(), compute.dtype(),
        compute.torchDevice());
  }

  /**
   * [B, 1, T, K] bool: query i (absolute position past+i) may attend key j when the key is a real
   * token and j <= past+i. A query also always sees itself, so that padded query rows (every key
   * masked in the reference) stay finite instead of NaN; their outputs are never used.
   */
  static Tensor causalPaddingMask(long[][] attentionMask, int past, int t) {
    int b = attentionMask.length;
    int k = past + t;
    byte[] m = new byte[b * t * k];
    for (int bi = 0; bi < b; bi++) {
      if (attentionMask[bi].length != k) {
        throw new IllegalArgumentException("attention mask row " + bi + " has " + attentionMask[bi].length
            + " columns, expected cached + new = " + k);
      }
      for (int i = 0; i < t; i++) {
        int q = past + i;
        int row = (bi * t + i) * k;
        for (int j = 0; j <= q; j++) if (attentionMask[bi][j] == 1) m[row + j] = 1;
        m[row + q] = 1;
      }
    }
    return HostTensors.bytes(m, ScalarType.Bool, b, 1, t, k);
  }

  private Tensor toDevice(Tensor t) {
    return compute.isCpu() ? t : t.to(compute.torchDevice(), t.scalar_type());
  }
}
