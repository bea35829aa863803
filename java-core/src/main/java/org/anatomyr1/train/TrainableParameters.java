// The parameters a run trains (full fine-tuning): text decoder weights, optionally the embeddings
// (= lm_head when tied) and the vision tower; everything else stays frozen (requires_grad false).
package org.anatomyr1.train;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.anatomyr1.model.core.ModelWeights;
import org.anatomyr1.torchinterop.DataPointers;
import org.bytedeco.pytorch.Tensor;

public final class TrainableParameters {
  private final Map<String, Tensor> params; // internal name -> weight tensor (shared with the model)
  private final String headName; // the parameter that is lm_head (embed_tokens when tied), or null when frozen

  private TrainableParameters(Map<String, Tensor> params, String headName) {
    this.params = Collections.unmodifiableMap(params);
    this.headName = headName;
  }

  /**
   * Marks the chosen weights of {@code weights} as requiring grad. A tied lm_head is the embedding
   * tensor itself, so it appears once, under "lm.embed_tokens.weight".
   */
  public static TrainableParameters select(ModelWeights weights, boolean vision, boolean embeddings) {
    Map<String, Tensor> out = new LinkedHashMap<>();
    Tensor head = weights.get("lm_head.weight");
    Tensor embed = weights.get("lm.embed_tokens.weight");
    boolean tied = DataPointers.same(head, embed);
    String headName = null;
    for (Map.Entry<String, Tensor> e : weights.all().entrySet()) {
      String n = e.getKey();
      boolean isHead = n.equals("lm_head.weight");
      if (isHead && tied) continue;
      boolean isEmbed = n.equals("lm.embed_tokens.weight");
      boolean chosen = isVision(n) ? vision : (isHead || isEmbed) ? embeddings : true;
      e.getValue().requires_grad_(chosen);
      if (!chosen) continue;
      out.put(n, e.getValue());
      if (isHead || (isEmbed && tied)) headName = n;
    }
    return new TrainableParameters(out, headName);
  }

  /** LoRA: only the adapters train; every base weight is frozen (the reference policy stays intact). */
  public static TrainableParameters lora(ModelWeights weights, LoraAdapters adapters) {
    for (Tensor t : weights.all().values()) t.requires_grad_(false);
    return new TrainableParameters(new LinkedHashMap<>(adapters.parameters()), null);
  }

  /** Whether the weight named {@code name} belongs to the vision tower (patch embedding, blocks, merger). */
  public static boolean isVision(String name) {
    return name.startsWith("vis.");
  }

  public Map<String, Tensor> all() {
    return params;
  }

  /** Name of the trainable tensor that is lm_head, or null when lm_head is frozen. */
  public String headName() {
    return headName;
  }

  /** Total trainable elements. */
  public long count() {
    long n = 0;
    for (Tensor t : params.values()) n += t.numel();
    return n;
  }

  /** Drops the accumulated .grad of every parameter. */
  public void zeroGrad() {
    for (Tensor t : params.values()) {
      Tensor g = t.grad();
      if (g.defined()) g.zero_();
    }
  }
}
