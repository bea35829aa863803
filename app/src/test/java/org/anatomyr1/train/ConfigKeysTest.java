// Config keys declared once (ConfigKeys): every bad key or value (unknown key, wrong type, out of range,
// a name outside its registry, gdqa.transforms / lora.targets / curriculum.encoder) fails in one line
// naming the source, key, value and allowed values, before the run directory exists; --help lists
// every key; allowed names come from the registries.
package org.anatomyr1.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.anatomyr1.data.CliCapture;
import org.anatomyr1.gdqa.visual.VisualTransforms;
import org.anatomyr1.rl.AlgorithmRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigKeysTest {
  /** {override, key, text the one-line error must also contain (the allowed values or range)}. */
  static final String[][] BAD = {
    {"stepz=3", "unknown config key 'stepz'", "valid:"},
    {"steps=abc", "config key 'steps' = 'abc'", "integer in [1, 10000000]"},
    {"batch=1.5", "config key 'batch' = '1.5'", "integer in [1, 100000]"},
    {"seed=x", "config key 'seed' = 'x'", "64-bit integer"},
    {"progress=maybe", "config key 'progress' = 'maybe'", "true or false"},
    {"curriculum.threshold=1.5", "config key 'curriculum.threshold' = '1.5'", "number in [0.0, 1.0]"},
    {"dist.timeout_s=0", "config key 'dist.timeout_s' = '0'", "integer in [1, 86400]"},
    {"max_nonfinite_steps=0", "config key 'max_nonfinite_steps' = '0'", "[1, "},
    {"image.max_pixels=-4", "config key 'image.max_pixels' = '-4'", "integer >= 1"},
    {"overwrite=sometimes", "config key 'overwrite' = 'sometimes'", "true or false"},
    {"algo=ppo", "config key 'algo' = 'ppo'", "grpo, dapo, gpg, dr_grpo"},
    {"algo.aggregation=sum", "config key 'algo.aggregation' = 'sum'", "token-mean, seq-mean-token-mean"},
    {"data.format=csv", "config key 'data.format' = 'csv'", "auto, canonical, swift, omnimed"},
    {"gdqa.transforms=noise,warp", "config key 'gdqa.transforms' = 'noise,warp'", "unknown 'warp'; valid: blur"},
    {"lora.targets=q_proj,qproj", "config key 'lora.targets' = 'q_proj,qproj'", "unknown 'qproj'; valid: q_proj"},
    {"curriculum.encoder=bge-small", "config key 'curriculum.encoder' = 'bge-small'", "bge-small-en-v1.5, or onnx:PATH"},
    {"curriculum.encoder=onnx:/no/such/dir", "config key 'curriculum.encoder'", "does not exist"},
    {"curriculum.encoder=onnx:/tmp?pooling=max", "config key 'curriculum.encoder'", "mean, cls"},
  };

  @Test
  void everyBadValueFailsNamingKeyValueAndAllowed() {
    for (String[] b : BAD) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TrainConfig.defaults().with(b[0]), b[0]);
      assertTrue(e.getMessage().contains(b[1]) && e.getMessage().contains(b[2]), b[0] + " -> " + e.getMessage());
      assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
    }
    // a LoRA run needs a target module: checked across keys, also before any work
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> TrainConfig.defaults().with("lora.rank=4", "lora.targets="));
    assertTrue(e.getMessage().contains("lora.targets") && e.getMessage().contains("names no module"), e.getMessage());
  }

  @Test
  void aBadValueInTheFileNamesTheFile(@TempDir Path tmp) throws Exception {
    Path f = tmp.resolve("run.yaml");
    Files.writeString(f, "lora:\n  rank: 8\n  targets: [q_proj, qkv]\nsteps: 3\n");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TrainConfig.load(f, List.of()));
    assertTrue(e.getMessage().startsWith(f + ": config key 'lora.targets' = 'q_proj,qkv': unknown 'qkv'"), e.getMessage());
    // the same value given as an override names the override instead
    e = assertThrows(IllegalArgumentException.class, () -> TrainConfig.load(f, List.of("lora.targets=qkv")));
    assertTrue(e.getMessage().startsWith("override: config key 'lora.targets' = 'qkv'"), e.getMessage());
    assertEquals(List.of("q_proj", "v_proj"), TrainConfig.load(f, List.of("lora.targets=q_proj, self_attn.v_proj")).loraTargets()
        .stream().map(t -> t.replace("self_attn.", "")).toList());
  }

  @Test
  void badKeysFailBeforeTheRunDirectoryExists(@TempDir Path tmp) throws Exception {
    System.out.println("seed 1");
    Path model = Files.createDirectories(tmp.resolve("model")); // empty: loading it fails after the run directory exists
    Path data = TinyTrainFixture.data(tmp.resolve("data"), 4, 1); // real items and images, so data loading passes
    Path runs = tmp.resolve("runs");
    // control: with valid keys the same command gets as far as the run directory (then the model fails)
    CliCapture.Run control = CliCapture.run("train", "--model", model.toString(), "--data", data.toString(), "--out",
        runs.toString(), "--name", "r", "threads=1", "progress=false");
    assertTrue(control.exit() != 0, control.err());
    assertTrue(Files.isDirectory(runs.resolve("r")), "control run did not reach the run directory: " + control.err());
    org.anatomyr1.io.DurableFiles.deleteTree(runs);
    for (String[] b : BAD) {
      for (String command : List.of("train", "sft")) {
        CliCapture.Run r = CliCapture.run(command, "--model", model.toString(), "--data", data.toString(), "--out",
            runs.toString(), "--name", "r", b[0]);
        assertEquals(2, r.exit(), command + " " + b[0] + ": " + r.err());
        assertTrue(r.err().contains(b[1]) && r.err().strip().lines().count() == 1, command + " " + b[0] + ": " + r.err());
        assertFalse(Files.exists(runs), command + " " + b[0] + ": the run directory was created before the bad key failed");
      }
    }
  }

  @Test
  void allowedNamesComeFromTheRegistries() {
    for (String a : AlgorithmRegistry.names()) assertEquals(a, TrainConfig.defaults().with("algo=" + a.toUpperCase()).algo());
    assertTrue(ConfigKeys.ALGO.allowed().contains(String.join(", ", AlgorithmRegistry.names())));
    assertEquals(VisualTransforms.names(), TrainConfig.defaults().with("gdqa.transforms=" + String.join(",",
        VisualTransforms.names())).gdqaTransforms());
    assertTrue(ConfigKeys.GDQA_TRANSFORMS.allowed().contains(String.join(", ", VisualTransforms.names())));
  }

  @Test
  void everyKeyHasOneDeclarationAndItsDefaultParses() {
    List<String> names = new ArrayList<>();
    for (ConfigKey<?> k : ConfigKeys.all()) {
      assertFalse(names.contains(k.name()), "declared twice: " + k.name());
      names.add(k.name());
      assertFalse(k.help().isBlank(), k.name());
      assertFalse(k.allowed().isBlank(), k.name());
    }
    assertEquals(names, new ArrayList<>(TrainConfig.defaults().values().keySet()), "config.yaml lists every key in order");
    TrainConfig d = TrainConfig.defaults();
    assertNull(d.groupSize());
    assertEquals(300L, d.get(ConfigKeys.DIST_TIMEOUT_S));
    assertEquals(64_000_000L, d.get(ConfigKeys.IMAGE_MAX_PIXELS));
    assertEquals("token-mean", d.with("algo.aggregation=Token-Mean").aggregation(), "choices are case-insensitive");
  }

  @Test
  void helpListsEveryKeyWithItsAllowedValues() {
    for (String command : List.of("train", "sft")) {
      CliCapture.Run r = CliCapture.run(command, "--help");
      assertEquals(0, r.exit(), r.err());
      for (ConfigKey<?> k : ConfigKeys.all()) assertTrue(r.out().contains("  " + k.name() + " "), command + " --help lacks " + k.name());
      assertTrue(r.out().contains(String.join(", ", AlgorithmRegistry.names())), r.out());
    }
    CliCapture.Run keys = CliCapture.run("config", "keys");
    assertEquals(0, keys.exit(), keys.err());
    assertTrue(keys.out().contains(ConfigKeys.CURRICULUM_ENCODER.help()), keys.out());
  }

  @Test
  void configShowResolvesOrFails(@TempDir Path tmp) {
    CliCapture.Run ok = CliCapture.run("config", "show", "steps=7", "curriculum=asc");
    assertEquals(0, ok.exit(), ok.err());
    assertTrue(ok.out().contains("steps: '7'\n") && ok.out().contains("curriculum: 'asc'\n"), ok.out());
    CliCapture.Run bad = CliCapture.run("config", "show", "gdqa.transforms=warp");
    assertEquals(2, bad.exit());
    assertTrue(bad.err().contains("config key 'gdqa.transforms' = 'warp'"), bad.err());
  }
}
