// LoRA (Hu et al. 2021) on the text decoder's linear layers: W x + (alpha / r) B A x with A [r, in]
// seeded uniform and B [out, r] zero, so training starts at the base model. Switching the adapters
// off gives the base (reference) policy; merge() folds them into plain weights for export.
// A and B are always fp32 (they are their own master weights, so AdamW updates them exactly);
// with bf16 base weights the forward casts them to the activations' dtype (autograd casts back).
package org.anatomyr1.train;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.anatomyr1.model.core.ModelWeights;
import org.anatomyr1.model.core.Qwen25VlConfig;
import org.anatomyr1.model.core.TensorOps;
import org.anatomyr1.model.io.CheckpointDirectory;
import org.anatomyr1.model.io.CheckpointWriter;
import org.anatomyr1.model.text.LinearAdapter;
import org.anatomyr1.model.text.TextDecoder;
import org.anatomyr1.torchinterop.HostTensors;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch.ScalarType;

public final class LoraAdapters implements AutoCloseable {
  /** Modules LoRA may target (the decoder's linear layers). */
  public static final List<String> MODULES = List.of("self_attn.q_proj", "self_attn.k_proj", "self_attn.v_proj",
      "self_attn.o_proj", "mlp.gate_proj", "mlp.up_proj", "mlp.down_proj");

  private record Pair(Tensor a, Tensor b) {} // A [r, in], B [out, r]

  private final Map<String, Pair> pairs = new LinkedHashMap<>(); // "lm.layers.i.module" -> adapter
  private final double scale;
  private boolean enabled = true;

  private LoraAdapters(double scale) {
    this.scale = scale;
  }

  /**
   * @param targets short module names ("q_proj", "down_proj", ...) or full ones ("self_attn.q_proj")
   */
  public static LoraAdapters create(ModelWeights w, Qwen25VlConfig config, List<String> targets, int rank, double alpha,
      long seed) {
    LoraAdapters l = new LoraAdapters(alpha / rank);
    SplittableRandom rng = new SplittableRandom(seed ^ 0x10BA);
    for (int i = 0; i < config.text().numHiddenLayers(); i++) {
      for (String module : resolve(targets)) {
        String prefix = "lm.layers." + i + "." + module;
        Tensor weight = w.get(prefix + ".weight"); // [out, in]
        int out = (int) weight.size(0), in = (int) weight.size(1);
        float[] a = new float[rank * in];
        double bound = 1 / Math.sqrt(in); // kaiming-uniform with a = sqrt(5), as peft initialises A
        for (int k = 0; k < a.length; k++) a[k] = (float) rng.nextDouble(-bound, bound);
        Tensor at = TensorOps.keep(HostTensors.floats(a, rank, in).to(weight.device(), ScalarType.Float));
        Tensor bt = TensorOps.keep(HostTensors.floats(new float[out * rank], out, rank).to(weight.device(),
            ScalarType.Float));
        at.requires_grad_(true);
        bt.requires_grad_(true);
        l.pairs.put(prefix, new Pair(at, bt));
      }
    }
    return l;
  }

  private static List<String> resolve(List<String> targets) {
    if (targets.isEmpty()) throw new IllegalArgumentException("config key 'lora.targets' names no module");
    return targets.stream().map(t -> {
      for (String m : MODULES) if (m.equals(t) || m.endsWith("." + t)) return m;
      throw new IllegalArgumentException("config key 'lora.targets': unknown module '" + t + "'; valid: "
          + String.join(", ", MODULES.stream().map(m -> m.substring(m.indexOf('.') + 1)).toList()));
    }).distinct().toList();
  }

  /** Puts the adapters into the decoder's linear layers. */
  public void attach(TextDecoder decoder) {
    Map<String, LinearAdapter> m = new LinkedHashMap<>();
    for (var e : pairs.entrySet()) {
      Pair p = e.getValue();
      m.put(e.getKey(), x -> enabled ? x.matmul(as(p.a(), x).t()).matmul(as(p.b(), x).t()).mul(new Scalar(scale)) : null);
    }
    decoder.setAdapters(m);
  }

  /** {@code t} in {@code x}'s dtype (no copy when equal): bf16 compute over fp32 adapters. */
  private static Tensor as(Tensor t, Tensor x) {
    return t.scalar_type().value == x.scalar_type().value ? t : t.to(x.scalar_type());
  }

  /** Off: the model is the base (reference) policy. */
  public void setEnabled(boolean on) {
    enabled = on;
  }

  /** The trainable tensors, "NAME.lora_A" / "NAME.lora_B". */
  public Map<String, Tensor> parameters() {
    Map<String, Tensor> m = new LinkedHashMap<>();
    for (var e : pairs.entrySet()) {
      m.put(e.getKey() + ".lora_A", e.getValue().a());
      m.put(e.getKey() + ".lora_B", e.getValue().b());
    }
    return m;
  }

  /** The base weights with W + (alpha / r) B A folded in: a plain model for export. */
  @SuppressWarnings("try")
  public ModelWeights merged(ModelWeights base, Qwen25VlConfig config) {
    Map<String, Tensor> out = new LinkedHashMap<>();
    try (NoGradGuard ng = new NoGradGuard()) {
      for (var e : base.all().entrySet()) {
        if (e.getKey().equals("lm_head.weight") && config.text().tieWordEmbeddings()) continue;
        // one scope per weight: its fp32 temporaries are freed before the next fold (left to the GC,
        // a 3B merge piled them up to 23.7 GB and was killed for memory while writing final/)
        try (PointerScope perWeight = new PointerScope()) {
          out.put(e.getKey(), TensorOps.keep(folded(e.getKey(), e.getValue())));
        }
      }
    }
    return ModelWeights.fromTensors(out, config);
  }

  /**
   * Writes what {@link #merged} would save, byte for byte, folding each weight only when the writer
   * reaches it and freeing it once written: the merged copy is never whole in memory (7.5 GB for a
   * bf16 3B model, which took the 3B LoRA run's peak from 10.4 to 17.6 GB while final/ was written).
   */
  @SuppressWarnings("try")
  public void saveMerged(ModelWeights base, Qwen25VlConfig config, Path dir, long maxShardBytes) {
    Map<String, String> internal = base.savedNames(config);
    java.util.List<org.anatomyr1.model.io.SafetensorsStreamWriter.Spec> specs = new java.util.ArrayList<>();
    internal.forEach((key, name) -> specs.add(org.anatomyr1.model.io.SafetensorsWriter.spec(key, base.get(name))));
    try (NoGradGuard ng = new NoGradGuard()) {
      org.anatomyr1.model.io.CheckpointWriter.writeStreamed(dir, specs, maxShardBytes, (spec, out) -> {
        try (PointerScope perWeight = new PointerScope()) {
          String name = internal.get(spec.name());
          org.anatomyr1.torchinterop.HostTensors.writeRawBytes(folded(name, base.get(name)), out, 64L << 20);
        }
      });
    }
  }

  /** {@code weight} with its adapter folded in (in fp32, rounded once to its dtype), or itself when it has none. */
  private Tensor folded(String name, Tensor weight) {
    String prefix = name.endsWith(".weight") ? name.substring(0, name.length() - 7) : null;
    Pair p = prefix == null ? null : pairs.get(prefix);
    Tensor w = weight.detach();
    return p == null ? w : w.to(ScalarType.Float).add(p.b().mm(p.a()).mul(new Scalar(scale))).to(w.scalar_type());
  }

  public void save(Path dir) {
    CheckpointWriter.write(dir, parameters(), Long.MAX_VALUE);
  }

  /** Restores adapter values written by {@link #save} (same targets and rank). */
  @SuppressWarnings("try")
  public void load(Path dir) {
    try (CheckpointDirectory c = CheckpointDirectory.open(dir); NoGradGuard ng = new NoGradGuard()) {
      for (var e : parameters().entrySet()) {
        if (!c.names().contains(e.getKey())) {
          throw new IllegalArgumentException(dir + ": LoRA tensor '" + e.getKey() + "' is missing (other lora.targets?)");
        }
        Tensor t = c.tensor(e.getKey());
        if (!java.util.Arrays.equals(HostTensors.shape(t), HostTensors.shape(e.getValue()))) {
          throw new IllegalArgumentException(dir + ": LoRA tensor '" + e.getKey() + "' has shape "
              + java.util.Arrays.toString(HostTensors.shape(t)) + " (other lora.rank?)");
        }
        e.getValue().copy_(t);
      }
    }
  }

  /** Frees the adapter tensors now (after the policy that uses them is done). */
  @Override
  public void close() {
    for (Pair p : pairs.values()) {
      p.a().close();
      p.b().close();
    }
    pairs.clear();
  }
}
