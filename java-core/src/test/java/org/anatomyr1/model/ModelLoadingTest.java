// Loading Qwen2.5-VL weights: both key layouts, tied and untied heads, single file and shards give
// bit-identical tensors and the same logits; missing, unknown and mis-shaped tensors are named.
package org.anatomyr1.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.anatomyr1.image.QwenImageProcessor;
import org.anatomyr1.model.core.ComputeSettings;
import org.anatomyr1.model.core.ModelWeights;
import org.anatomyr1.model.core.Qwen25VlConfig;
import org.anatomyr1.model.core.WeightNames;
import org.anatomyr1.model.io.CheckpointDirectory;
import org.anatomyr1.model.io.CheckpointFormatException;
import org.anatomyr1.model.io.CheckpointWriter;
import org.anatomyr1.torchinterop.HostTensors;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelLoadingTest {
  static final long SEED = 7L;
  @TempDir Path tmp;

  static void assertSameWeights(ModelWeights a, ModelWeights b) {
    assertEquals(new TreeMap<>(a.all()).keySet(), new TreeMap<>(b.all()).keySet());
    for (String k : a.all().keySet()) {
      assertArrayEquals(HostTensors.rawBytes(a.get(k)), HostTensors.rawBytes(b.get(k)), k);
    }
  }

  @Test
  void untiedRandomModelRoundTripsThroughSingleAndShardedDirectories() throws Exception {
    System.out.println("ModelLoadingTest seed " + SEED);
    Qwen25VlConfig config = TinyConfigs.configB();
    ModelWeights w = TinyModelFactory.randomWeights(config, SEED);
    Path single = tmp.resolve("single");
    Path sharded = tmp.resolve("sharded");
    TinyModelFactory.save(single, config, w, QwenImageProcessor.Settings.defaults(), Long.MAX_VALUE);
    TinyModelFactory.save(sharded, config, w, QwenImageProcessor.Settings.defaults(), 20_000);
    assertTrue(Files.exists(sharded.resolve(CheckpointDirectory.INDEX_FILE)));
    try (CheckpointDirectory c = CheckpointDirectory.open(single)) {
      assertTrue(c.contains("lm_head.weight"), "untied model stores lm_head.weight");
      assertTrue(c.contains("visual.blocks.3.attn.qkv.weight"));
    }
    Qwen25VlModel a = Qwen25VlModel.load(single, ComputeSettings.cpuFloat32());
    Qwen25VlModel b = Qwen25VlModel.load(sharded, ComputeSettings.cpuFloat32());
    assertEquals(config.toString(), a.config().toString());
    assertSameWeights(w, a.weights());
    assertSameWeights(a.weights(), b.weights());
  }

  /** A model built inside a per-step PointerScope must survive the scope's close. */
  @Test
  @SuppressWarnings("try")
  void modelOutlivesTheScopeItWasBuiltIn() {
    Qwen25VlConfig config = TinyConfigs.configB();
    Qwen25VlModel m;
    float[] inside;
    long[][] ids = {{1, 2, 3, 4}};
    long[][] mask = {{1, 1, 1, 1}};
    try (org.bytedeco.javacpp.PointerScope scope = new org.bytedeco.javacpp.PointerScope()) {
      m = new Qwen25VlModel(config, TinyModelFactory.randomWeights(config, SEED), ComputeSettings.cpuFloat32());
      inside = HostTensors.toFloats(m.prefill(new Qwen25VlModel.Batch(ids, mask, null, null), null, false).logits());
    }
    System.gc();
    try (org.bytedeco.javacpp.PointerScope scope = new org.bytedeco.javacpp.PointerScope()) {
      float[] after = HostTensors.toFloats(m.prefill(new Qwen25VlModel.Batch(ids, mask, null, null), null, false).logits());
      assertArrayEquals(inside, after);
    }
  }

  @Test
  void newKeyLayoutLoadsTheSameWeights() {
    Path golden = GoldenData.tinyA();
    Qwen25VlModel ref = Qwen25VlModel.load(golden, ComputeSettings.cpuFloat32());
    Map<String, Tensor> renamed = new TreeMap<>();
    try (CheckpointDirectory c = CheckpointDirectory.open(golden)) {
      for (String k : c.names()) {
        String n = k.startsWith("visual.") ? "model." + k : k.startsWith("model.") ? "model.language_model." + k.substring(6) : k;
        renamed.put(n, c.tensor(k).clone());
      }
    }
    Path dir = tmp.resolve("new-layout");
    CheckpointWriter.write(dir, renamed, 100_000);
    copyConfig(golden, dir);
    Qwen25VlModel m = Qwen25VlModel.load(dir, ComputeSettings.cpuFloat32());
    assertSameWeights(ref.weights(), m.weights());
    assertFalse(m.weights().all().isEmpty());
  }

  @Test
  void badCheckpointsAreNamed() throws Exception {
    Qwen25VlConfig config = TinyConfigs.configB();
    ModelWeights w = TinyModelFactory.randomWeights(config, SEED);
    Map<String, Tensor> byKey = new TreeMap<>();
    for (Map.Entry<String, Tensor> e : w.all().entrySet()) byKey.put(WeightNames.toCheckpoint(e.getKey()), e.getValue());

    Map<String, Tensor> missing = new TreeMap<>(byKey);
    missing.remove("lm_head.weight");
    assertLoadFails(config, missing, "missing tensor 'lm_head.weight'", "[300, 48]");

    Map<String, Tensor> wrong = new TreeMap<>(byKey);
    wrong.put("model.norm.weight", HostTensors.floats(new float[47], 47));
    assertLoadFails(config, wrong, "'model.norm.weight'", "[47]", "[48]");

    Map<String, Tensor> unknown = new TreeMap<>(byKey);
    unknown.put("visual.blocks.0.norm1.bias", HostTensors.floats(new float[48], 48)); // Qwen2-VL LayerNorm
    assertLoadFails(config, unknown, "unknown tensor 'visual.blocks.0.norm1.bias'");

    Map<String, Tensor> ints = new TreeMap<>(byKey);
    ints.put("model.norm.weight", HostTensors.longs(new long[48], 48));
    assertLoadFails(config, ints, "'model.norm.weight'", "I64");
  }

  private void assertLoadFails(Qwen25VlConfig config, Map<String, Tensor> tensors, String... fragments) throws Exception {
    Path dir = Files.createTempDirectory(tmp, "bad");
    CheckpointWriter.write(dir, tensors, Long.MAX_VALUE);
    Files.writeString(dir.resolve("config.json"), config.toJson().toString());
    CheckpointFormatException e = assertThrows(CheckpointFormatException.class,
        () -> Qwen25VlModel.load(dir, ComputeSettings.cpuFloat32()));
    for (String f : fragments) assertTrue(e.getMessage().contains(f), "'" + f + "' in: " + e.getMessage());
    assertTrue(e.getMessage().contains(dir.toString()), e.getMessage());
  }

  private static void copyConfig(Path from, Path to) {
    try {
      Files.copy(from.resolve("config.json"), to.resolve("config.json"));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
