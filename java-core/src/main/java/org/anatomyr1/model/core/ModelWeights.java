// All Qwen2.5-VL parameters under internal names (see WeightNames), checked against the shapes
// the config implies: a missing, unknown or mis-shaped tensor fails with its name and both shapes.
package org.anatomyr1.model.core;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.anatomyr1.model.io.CheckpointDirectory;
import org.anatomyr1.model.io.CheckpointFormatException;
import org.anatomyr1.model.io.CheckpointWriter;
import org.anatomyr1.model.io.TensorEntry;
import org.anatomyr1.torchinterop.DataPointers;
import org.bytedeco.pytorch.Tensor;

public final class ModelWeights implements AutoCloseable {
  private final Map<String, Tensor> tensors; // internal name -> tensor in compute dtype/device
  private final AutoCloseable mapping; // the checkpoint whose file mapping some weights view, or null
  private boolean closed;

  private ModelWeights(Map<String, Tensor> tensors) {
    this(tensors, null);
  }

  private ModelWeights(Map<String, Tensor> tensors, AutoCloseable mapping) {
    for (Tensor t : tensors.values()) TensorOps.keep(t); // weights outlive any per-step scope
    this.tensors = Collections.unmodifiableMap(tensors);
    this.mapping = mapping;
  }

  /** Internal name -> shape of every parameter the config requires (lm_head only when untied). */
  public static Map<String, long[]> expectedShapes(Qwen25VlConfig config) {
    Map<String, long[]> m = new LinkedHashMap<>();
    VisionConfig v = config.vision();
    long d = v.hiddenSize();
    long vi = v.intermediateSize();
    m.put("vis.patch_embed.proj.weight", new long[] {d, v.inChannels(), v.temporalPatchSize(), v.patchSize(), v.patchSize()});
    for (int i = 0; i < v.depth(); i++) {
      String b = "vis.blocks." + i + ".";
      m.put(b + "norm1.weight", new long[] {d});
      m.put(b + "norm2.weight", new long[] {d});
      m.put(b + "attn.qkv.weight", new long[] {3 * d, d});
      m.put(b + "attn.qkv.bias", new long[] {3 * d});
      m.put(b + "attn.proj.weight", new long[] {d, d});
      m.put(b + "attn.proj.bias", new long[] {d});
      m.put(b + "mlp.gate_proj.weight", new long[] {vi, d});
      m.put(b + "mlp.gate_proj.bias", new long[] {vi});
      m.put(b + "mlp.up_proj.weight", new long[] {vi, d});
      m.put(b + "mlp.up_proj.bias", new long[] {vi});
      m.put(b + "mlp.down_proj.weight", new long[] {d, vi});
      m.put(b + "mlp.down_proj.bias", new long[] {d});
    }
    long md = d * v.mergeUnit();
    m.put("vis.merger.ln_q.weight", new long[] {d});
    m.put("vis.merger.mlp.0.weight", new long[] {md, md});
    m.put("vis.merger.mlp.0.bias", new long[] {md});
    m.put("vis.merger.mlp.2.weight", new long[] {v.outHiddenSize(), md});
    m.put("vis.merger.mlp.2.bias", new long[] {v.outHiddenSize()});

    TextConfig t = config.text();
    long h = t.hiddenSize();
    long q = (long) t.numAttentionHeads() * t.headDim();
    long kv = (long) t.numKeyValueHeads() * t.headDim();
    long ti = t.intermediateSize();
    m.put("lm.embed_tokens.weight", new long[] {t.vocabSize(), h});
    for (int i = 0; i < t.numHiddenLayers(); i++) {
      String b = "lm.layers." + i + ".";
      m.put(b + "input_layernorm.weight", new long[] {h});
      m.put(b + "post_attention_layernorm.weight", new long[] {h});
      m.put(b + "self_attn.q_proj.weight", new long[] {q, h});
      m.put(b + "self_attn.q_proj.bias", new long[] {q});
      m.put(b + "self_attn.k_proj.weight", new long[] {kv, h});
      m.put(b + "self_attn.k_proj.bias", new long[] {kv});
      m.put(b + "self_attn.v_proj.weight", new long[] {kv, h});
      m.put(b + "self_attn.v_proj.bias", new long[] {kv});
      m.put(b + "self_attn.o_proj.weight", new long[] {h, q});
      m.put(b + "mlp.gate_proj.weight", new long[] {ti, h});
      m.put(b + "mlp.up_proj.weight", new long[] {ti, h});
      m.put(b + "mlp.down_proj.weight", new long[] {h, ti});
    }
    m.put("lm.norm.weight", new long[] {h});
    if (!t.tieWordEmbeddings()) m.put("lm_head.weight", new long[] {t.vocabSize(), h});
    return m;
  }

  /** Loads and checks every tensor of {@code checkpoint}, converted to the compute dtype/device (copies). */
  public static ModelWeights load(CheckpointDirectory checkpoint, Qwen25VlConfig config, ComputeSettings compute) {
    return load(checkpoint, config, compute, false);
  }

  /**
   * As {@link #load}, but weights whose file dtype is the compute dtype (on CPU) stay views of the
   * checkpoint's copy-on-write file mapping instead of being copied: a bf16 3B model then loads in
   * well under a second and its weights are page cache, not process memory. The returned weights
   * own {@code checkpoint} (closed by {@link #close}) when any weight views it; otherwise the caller
   * still owns it. {@link #ownsCheckpoint()} says which.
   */
  public static ModelWeights loadMapped(CheckpointDirectory checkpoint, Qwen25VlConfig config, ComputeSettings compute) {
    return load(checkpoint, config, compute, true);
  }

  public boolean ownsCheckpoint() {
    return mapping != null;
  }

  @SuppressWarnings("try")
  private static ModelWeights load(CheckpointDirectory checkpoint, Qwen25VlConfig config, ComputeSettings compute,
      boolean keepViews) {
    Path dir = checkpoint.dir();
    Map<String, long[]> expected = expectedShapes(config);
    Map<String, String> keyOf = new TreeMap<>(); // internal -> checkpoint key
    for (String key : checkpoint.names()) {
      String internal = WeightNames.normalize(key);
      boolean tiedHead = "lm_head.weight".equals(internal) && config.text().tieWordEmbeddings();
      if (internal == null || (!expected.containsKey(internal) && !tiedHead)) {
        throw new CheckpointFormatException(dir + ": unknown tensor '" + key + "' (not part of a Qwen2.5-VL model with "
            + "this config; Qwen2-VL checkpoints are not supported)");
      }
      String previous = keyOf.put(internal, key);
      if (previous != null) {
        throw new CheckpointFormatException(dir + ": tensors '" + previous + "' and '" + key + "' name the same weight");
      }
    }
    Map<String, Tensor> out = new LinkedHashMap<>();
    boolean viewsFile = false;
    for (Map.Entry<String, long[]> e : expected.entrySet()) {
      String key = keyOf.get(e.getKey());
      if (key == null) {
        throw new CheckpointFormatException(dir + ": missing tensor '" + WeightNames.toCheckpoint(e.getKey())
            + "' (expected shape " + Arrays.toString(e.getValue()) + ")");
      }
      TensorEntry entry = checkpoint.entry(key);
      if (!Arrays.equals(entry.shape(), e.getValue())) {
        throw new CheckpointFormatException(dir + ": tensor '" + key + "' has shape " + Arrays.toString(entry.shape())
            + ", expected " + Arrays.toString(e.getValue()));
      }
      switch (entry.dtype()) {
        case F32, BF16, F16, F64 -> { }
        default -> throw new CheckpointFormatException(dir + ": tensor '" + key + "' has dtype " + entry.dtype()
            + ", expected a floating-point type");
      }
      // to() copies into LibTorch-owned memory unless the dtype/device already match; clone then
      // so that no weight keeps pointing into the checkpoint's mapping after it is closed.
      try (org.bytedeco.javacpp.PointerScope scope = new org.bytedeco.javacpp.PointerScope()) {
        // the file's handle and any intermediate handle are freed with the scope, not left to the GC
        Tensor t = checkpoint.tensor(key);
        org.anatomyr1.model.io.FiniteTensors.require(t, dir, key); // NaN/inf weights fail here, by name (issue 12)
        Tensor converted = t.to(compute.torchDevice(), compute.dtype());
        boolean same = DataPointers.same(converted, t);
        viewsFile |= same;
        out.put(e.getKey(), TensorOps.keep(same && !keepViews ? converted.clone() : converted));
        // a copy was made: its file pages need not stay resident for the rest of the load (a 3B
        // bf16 checkpoint loaded in fp32 peaked at 22.8 GB: 15 GB of copies + 7.5 GB of file pages)
        if (!same || !keepViews) checkpoint.release(key);
      }
    }
    if (config.text().tieWordEmbeddings()) out.put("lm_head.weight", out.get("lm.embed_tokens.weight"));
    return new ModelWeights(out, keepViews && viewsFile ? checkpoint : null);
  }

  /** Wraps in-memory tensors under internal names, checked like a loaded checkpoint. */
  public static ModelWeights fromTensors(Map<String, Tensor> byInternalName, Qwen25VlConfig config) {
    Map<String, long[]> expected = expectedShapes(config);
    Map<String, Tensor> out = new LinkedHashMap<>();
    for (Map.Entry<String, long[]> e : expected.entrySet()) {
      Tensor t = byInternalName.get(e.getKey());
      if (t == null) throw new IllegalArgumentException("missing weight '" + e.getKey() + "'");
      long[] shape = org.anatomyr1.torchinterop.HostTensors.shape(t);
      if (!Arrays.equals(shape, e.getValue())) {
        throw new IllegalArgumentException("weight '" + e.getKey() + "' has shape " + Arrays.toString(shape)
            + ", expected " + Arrays.toString(e.getValue()));
      }
      out.put(e.getKey(), t);
    }
    for (String k : byInternalName.keySet()) {
      if (!expected.containsKey(k)) throw new IllegalArgumentException("unknown weight '" + k + "'");
    }
    if (config.text().tieWordEmbeddings()) out.put("lm_head.weight", out.get("lm.embed_tokens.weight"));
    return new ModelWeights(out);
  }

  /**
   * Frees the weights now (GC does not see native memory) and closes the file mapping they view.
   * The model built on them must not be used afterwards.
   */
  @Override
  public void close() {
    if (closed) return;
    closed = true;
    java.util.Set<Tensor> distinct = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    distinct.addAll(tensors.values()); // the tied head is the embedding: release it once
    for (Tensor t : distinct) t.close();
    if (mapping != null) {
      try {
        mapping.close();
      } catch (Exception e) {
        throw new IllegalStateException("cannot close the checkpoint mapping: " + e.getMessage(), e);
      }
    }
  }

  public Tensor get(String internalName) {
    Tensor t = tensors.get(internalName);
    if (t == null) throw new IllegalArgumentException("no weight named '" + internalName + "'");
    return t;
  }

  public Map<String, Tensor> all() {
    return tensors;
  }

  /** Writes the weights under the original Hub names (tied head omitted), loadable by transformers. */
  public void save(Path dir, Qwen25VlConfig config, long maxShardBytes) {
    Map<String, Tensor> byKey = new TreeMap<>();
    savedNames(config).forEach((key, internal) -> byKey.put(key, tensors.get(internal)));
    CheckpointWriter.write(dir, byKey, maxShardBytes);
  }

  /** Checkpoint name -> internal name of every tensor {@link #save} stores (a tied lm_head is not stored). */
  public Map<String, String> savedNames(Qwen25VlConfig config) {
    Map<String, String> out = new TreeMap<>();
    for (String internal : tensors.keySet()) {
      if (internal.equals("lm_head.weight") && config.text().tieWordEmbeddings()) continue;
      out.put(WeightNames.toCheckpoint(internal), internal);
    }
    return out;
  }
}
