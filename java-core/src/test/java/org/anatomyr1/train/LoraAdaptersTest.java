// LoRA: adapters start at the base model (B = 0), switching them off restores the base exactly, the
// merged export computes what base + adapters compute, training moves only the adapters, and a LoRA
// GRPO run (KL against the adapters-off reference) resumes exactly.
package org.anatomyr1.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.anatomyr1.model.Qwen25VlModel;
import org.anatomyr1.model.TinyModelFactory;
import org.anatomyr1.model.core.ComputeSettings;
import org.anatomyr1.model.core.ModelWeights;
import org.anatomyr1.model.core.Qwen25VlConfig;
import org.anatomyr1.torchinterop.HostTensors;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoraAdaptersTest {
  static final long SEED = 13;

  @Test
  @SuppressWarnings("try")
  void offRestoresBaseAndMergeMatches() {
    System.out.println("seed " + SEED);
    Qwen25VlConfig config = TinyModelFactory.defaultTinyConfig(40);
    ModelWeights w = TinyModelFactory.randomWeights(config, SEED);
    Qwen25VlModel model = new Qwen25VlModel(config, w, ComputeSettings.cpuFloat32());
    float[] base = logits(model);
    LoraAdapters lora = LoraAdapters.create(w, config, List.of("q_proj", "v_proj", "down_proj"), 4, 8, SEED);
    lora.attach(model.decoder());
    assertArrayEquals(base, logits(model), "B = 0: the adapters add nothing");
    try (NoGradGuard ng = new NoGradGuard()) {
      for (var e : lora.parameters().entrySet()) {
        if (e.getKey().endsWith("lora_B")) e.getValue().copy_(org.bytedeco.pytorch.global.torch.randn(
            e.getValue().size(0), e.getValue().size(1)).mul(new Scalar(0.2)));
      }
    }
    float[] adapted = logits(model);
    assertFalse(java.util.Arrays.equals(base, adapted));
    lora.setEnabled(false);
    assertArrayEquals(base, logits(model), "adapters off = the base (reference) model");
    lora.setEnabled(true);
    Qwen25VlModel merged = new Qwen25VlModel(config, lora.merged(w, config), ComputeSettings.cpuFloat32());
    float[] m = logits(merged);
    for (int i = 0; i < m.length; i++) {
      assertTrue(Math.abs(m[i] - adapted[i]) <= 1e-5 + 1e-4 * Math.abs(adapted[i]), i + ": " + m[i] + " vs " + adapted[i]);
    }
  }

  /** The streamed export (fold one weight, write it, free it) is byte for byte the merged model's save, sharded or not. */
  @Test
  @SuppressWarnings("try")
  void streamedMergeWritesTheMergedModelsFiles(@TempDir Path tmp) throws Exception {
    Qwen25VlConfig config = TinyModelFactory.defaultTinyConfig(40);
    ModelWeights w = TinyModelFactory.randomWeights(config, SEED);
    LoraAdapters lora = LoraAdapters.create(w, config, List.of("q_proj", "v_proj", "down_proj"), 4, 8, SEED);
    try (NoGradGuard ng = new NoGradGuard()) {
      for (var e : lora.parameters().entrySet()) {
        if (e.getKey().endsWith("lora_B")) e.getValue().copy_(org.bytedeco.pytorch.global.torch.randn(
            e.getValue().size(0), e.getValue().size(1)).mul(new Scalar(0.2)));
      }
    }
    for (long shard : new long[] {4L << 30, 20_000}) { // one file; then shards of at most 20 kB
      Path whole = tmp.resolve("whole-" + shard);
      Path streamed = tmp.resolve("streamed-" + shard);
      try (ModelWeights merged = lora.merged(w, config)) {
        merged.save(whole, config, shard);
      }
      lora.saveMerged(w, config, streamed, shard);
      List<String> names;
      try (var files = Files.list(whole)) {
        names = files.map(f -> f.getFileName().toString()).sorted().toList();
      }
      try (var files = Files.list(streamed)) {
        assertEquals(names, files.map(f -> f.getFileName().toString()).sorted().toList());
      }
      assertEquals(shard == 20_000, names.size() > 2, "shards (and an index) only with the small shard size: " + names);
      for (String n : names) {
        assertArrayEquals(Files.readAllBytes(whole.resolve(n)), Files.readAllBytes(streamed.resolve(n)), n);
      }
    }
  }

  @Test
  void loraSftTrainsOnlyAdaptersAndResumesExactly(@TempDir Path tmp) throws Exception {
    Path data = TinyTrainFixture.data(tmp.resolve("data"), 10, SEED);
    Path model = TinyTrainFixture.model(tmp.resolve("model"), data, SEED);
    TrainConfig c = TrainConfig.load(null, List.of("model=" + model, "data.train=" + data, "out=" + tmp.resolve("runs"),
        "steps=4", "batch=2", "progress=false", "seed=" + SEED, "lr=1e-2", "threads=1", "checkpoint_every=2",
        "lora.rank=4", "lora.alpha=8", "sft.mode=cot"));
    Path a = SftTrainer.run(c.with("name=a"));
    Path b = SftTrainer.run(c.with("name=b", "resume=" + a.resolve("checkpoints/step-2")));
    assertEquals(ComparableMetrics.of(a), ComparableMetrics.of(b));
    assertArrayEquals(Files.readAllBytes(a.resolve("final/model.safetensors")),
        Files.readAllBytes(b.resolve("final/model.safetensors")));
    assertTrue(Files.isRegularFile(a.resolve("checkpoints/step-2/trainer_state/lora/model.safetensors")));
    // the export differs from the base only in the adapted layers
    var base = Qwen25VlModel.load(model, ComputeSettings.cpuFloat32()).weights();
    var trained = Qwen25VlModel.load(a.resolve("final"), ComputeSettings.cpuFloat32()).weights();
    assertArrayEquals(HostTensors.toFloats(base.get("lm.norm.weight")), HostTensors.toFloats(trained.get("lm.norm.weight")));
    assertFalse(java.util.Arrays.equals(HostTensors.toFloats(base.get("lm.layers.0.self_attn.q_proj.weight")),
        HostTensors.toFloats(trained.get("lm.layers.0.self_attn.q_proj.weight"))));

    // GRPO through the adapters, KL against the adapters-off reference
    Path g = GrpoTrainer.run(c.with("name=g", "steps=2", "group_size=2", "max_completion_tokens=5", "checkpoint_every=0",
        "sampling.temperature=1.5", "model=" + a.resolve("final")));
    assertEquals(2, Files.readAllLines(g.resolve("metrics.jsonl")).size());
  }

  private static float[] logits(Qwen25VlModel model) {
    long[][] ids = {{1, 5, 7, 9, 2, 11}};
    long[][] mask = {{1, 1, 1, 1, 1, 1}};
    return HostTensors.toFloats(model.prefill(new Qwen25VlModel.Batch(ids, mask, null, null), null, true).logits()
        .detach());
  }
}
