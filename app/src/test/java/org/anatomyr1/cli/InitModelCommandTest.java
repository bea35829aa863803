// `anatomy-r1 init-model`: the published architectures have the published parameter counts; a tiny
// config with Qwen's real vocabulary is written as a sharded, loadable directory whose tokenizer has
// Qwen's ids, `generate` runs on it, bf16 files equal the fp32 ones rounded, seeds are reproducible,
// and bad input fails with one line. The real 3B (1 layer) is written only with -Dar1.heavy=true.
package org.anatomyr1.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.anatomyr1.data.CliCapture;
import org.anatomyr1.image.ImageFiles;
import org.anatomyr1.image.RgbImage;
import org.anatomyr1.model.PublishedArchitectures;
import org.anatomyr1.model.Qwen25VlModel;
import org.anatomyr1.model.core.ComputeSettings;
import org.anatomyr1.model.core.ModelWeights;
import org.anatomyr1.model.core.Qwen25VlConfig;
import org.anatomyr1.model.io.CheckpointDirectory;
import org.anatomyr1.text.QwenTokenizer;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InitModelCommandTest {
  /** Qwen's special ids and vocabulary, tiny widths: the embedding is 151936 x 32. */
  static final String TINY_QWEN_VOCAB = """
      {"model_type":"qwen2_5_vl","hidden_size":32,"intermediate_size":48,"num_hidden_layers":2,
       "num_attention_heads":2,"num_key_value_heads":1,"hidden_act":"silu","rms_norm_eps":1e-6,
       "rope_theta":1000000.0,"rope_scaling":{"type":"mrope","mrope_section":[2,3,3]},"vocab_size":151936,
       "tie_word_embeddings":true,"bos_token_id":151643,"eos_token_id":151645,"vision_start_token_id":151652,
       "vision_end_token_id":151653,"image_token_id":151655,"video_token_id":151656,
       "vision_config":{"depth":2,"hidden_size":32,"num_heads":2,"intermediate_size":40,"hidden_act":"silu",
       "in_chans":3,"patch_size":14,"temporal_patch_size":2,"spatial_merge_size":2,"window_size":112,
       "fullatt_block_indexes":[1],"out_hidden_size":32}}""";

  static long parameters(Qwen25VlConfig c) {
    long n = 0;
    for (long[] s : ModelWeights.expectedShapes(c).values()) {
      long k = 1;
      for (long d : s) k *= d;
      n += k;
    }
    return n;
  }

  @Test
  void publishedArchitecturesHaveThePublishedSizes() {
    // spec §1.4: 3B 3,754,622,976 (tied head), 7B 8,292,166,656
    assertEquals(3_754_622_976L, parameters(Qwen25VlConfig.parse("3b", PublishedArchitectures.config("qwen2.5-vl-3b"))));
    assertEquals(8_292_166_656L, parameters(Qwen25VlConfig.parse("7b", PublishedArchitectures.config("qwen2.5-vl-7b"))));
    Qwen25VlConfig c32 = Qwen25VlConfig.parse("32b", PublishedArchitectures.config("qwen2.5-vl-32b"));
    assertEquals(64, c32.text().numHiddenLayers());
    ObjectNode one = PublishedArchitectures.config("qwen2.5-vl-3b");
    PublishedArchitectures.truncateLayers(one, 3);
    Qwen25VlConfig c = Qwen25VlConfig.parse("3b-3", one);
    assertEquals(3, c.text().numHiddenLayers());
    assertEquals(3, c.vision().depth());
    assertArrayEquals(new int[] {2}, c.vision().fullattBlockIndexes()); // none of 7,15,23,31 left: last block
    ObjectNode nine = PublishedArchitectures.config("qwen2.5-vl-7b");
    PublishedArchitectures.truncateLayers(nine, 9);
    assertArrayEquals(new int[] {7}, Qwen25VlConfig.parse("7b-9", nine).vision().fullattBlockIndexes());
  }

  @Test
  void writesALoadableShardedDirectoryWithQwenTokenIds(@TempDir Path tmp) throws Exception {
    Path cfg = tmp.resolve("tiny.json");
    Files.writeString(cfg, TINY_QWEN_VOCAB);
    Path bf16 = tmp.resolve("bf16");
    CliCapture.Run r = CliCapture.run("init-model", "--arch", cfg.toString(), "--out", bf16.toString(), "--seed", "5",
        "--shard-gb", "0.004");
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().contains("shard"), r.out());
    for (String f : new String[] {"config.json", "preprocessor_config.json", "generation_config.json", "tokenizer.json",
        "tokenizer_config.json", CheckpointDirectory.INDEX_FILE}) {
      assertTrue(Files.isRegularFile(bf16.resolve(f)), f);
    }
    assertFalse(Files.exists(tmp.resolve("bf16.init-tmp")));
    try (var files = Files.list(bf16)) {
      assertTrue(files.filter(p -> p.getFileName().toString().endsWith(".safetensors")).count() >= 2, "sharded");
    }
    assertEquals("bfloat16", new ObjectMapper().readTree(bf16.resolve("config.json").toFile()).get("torch_dtype").asText());

    try (QwenTokenizer tok = QwenTokenizer.load(bf16)) {
      Map<String, Long> want = Map.of("<|endoftext|>", 151643L, "<|im_start|>", 151644L, "<|im_end|>", 151645L,
          "<|vision_start|>", 151652L, "<|image_pad|>", 151655L, "<|file_sep|>", 151664L);
      for (var e : want.entrySet()) assertEquals(e.getValue(), tok.tokenId(e.getKey()), e.getKey());
      assertEquals("w0", tok.tokenText(tok.tokenId("w0")));
      assertFalse(tok.tokenText(151642).isEmpty(), "the last regular id decodes");
    }

    // the same seed in fp32: equal to the bf16 file up to bf16 rounding (relative 2^-8)
    Path fp32 = tmp.resolve("fp32");
    assertEquals(0, CliCapture.run("init-model", "--arch", cfg.toString(), "--out", fp32.toString(), "--seed", "5",
        "--dtype", "fp32").exit());
    Qwen25VlModel a = Qwen25VlModel.load(bf16, ComputeSettings.cpuFloat32());
    Qwen25VlModel b = Qwen25VlModel.load(fp32, ComputeSettings.cpuFloat32());
    for (String name : new String[] {"lm.embed_tokens.weight", "vis.blocks.1.attn.qkv.weight", "lm.layers.1.input_layernorm.weight"}) {
      Tensor x = a.weights().get(name);
      Tensor y = b.weights().get(name);
      double err = x.sub(y).abs().max().item_double();
      double scale = y.abs().max().item_double();
      assertTrue(err <= scale / 256, name + ": bf16 vs fp32 max error " + err + " for max " + scale);
      assertTrue(y.std().item_double() > 0, name + " is not constant");
      assertEquals(ScalarType.Float.value, x.scalar_type().value);
    }

    // reproducible: same seed, same bytes; another seed, other bytes
    Path again = tmp.resolve("again");
    Path other = tmp.resolve("other");
    assertEquals(0, CliCapture.run("init-model", "--arch", cfg.toString(), "--out", again.toString(), "--seed", "5",
        "--dtype", "fp32").exit());
    assertEquals(0, CliCapture.run("init-model", "--arch", cfg.toString(), "--out", other.toString(), "--seed", "6",
        "--dtype", "fp32").exit());
    byte[] first = Files.readAllBytes(fp32.resolve("model.safetensors"));
    assertArrayEquals(first, Files.readAllBytes(again.resolve("model.safetensors")));
    assertFalse(java.util.Arrays.equals(first, Files.readAllBytes(other.resolve("model.safetensors"))));

    // generate runs on it (tokenizer, template, image processor, weights of one directory)
    byte[] px = new byte[56 * 84 * 3];
    new Random(5).nextBytes(px);
    Path png = tmp.resolve("img.png");
    ImageFiles.writePng(png, new RgbImage(56, 84, px));
    CliCapture.Run g = CliCapture.run("generate", "--model", bf16.toString(), "--image", png.toString(), "--question",
        "What is this", "--max-new-tokens", "3", "--dtype", "bf16");
    assertEquals(0, g.exit(), g.err());
  }

  @Test
  void badInputFailsWithOneLine(@TempDir Path tmp) throws Exception {
    CliCapture.Run unknown = CliCapture.run("init-model", "--arch", "qwen9-vl", "--out", tmp.resolve("x").toString());
    assertNotEquals(0, unknown.exit());
    assertTrue(unknown.err().contains("qwen2.5-vl-3b"), unknown.err());
    Files.writeString(tmp.resolve("busy.txt"), "x");
    Path cfg = tmp.resolve("tiny.json");
    Files.writeString(cfg, TINY_QWEN_VOCAB);
    CliCapture.Run busy = CliCapture.run("init-model", "--arch", cfg.toString(), "--out", tmp.toString());
    assertNotEquals(0, busy.exit());
    assertTrue(busy.err().contains("not an empty directory"), busy.err());
    Files.writeString(cfg, TINY_QWEN_VOCAB.replace("\"image_token_id\":151655", "\"image_token_id\":151650"));
    CliCapture.Run ids = CliCapture.run("init-model", "--arch", cfg.toString(), "--out", tmp.resolve("y").toString());
    assertNotEquals(0, ids.exit());
    assertTrue(ids.err().contains("image_token_id"), ids.err());
    assertFalse(Files.exists(tmp.resolve("y")), "no partial output");
  }

  @Test
  void realThreeBillionArchitectureWithOneLayer(@TempDir Path tmp) {
    Assumptions.assumeTrue(Boolean.getBoolean("ar1.heavy"), "heavy: run with -Dar1.heavy=true");
    Path out = tmp.resolve("q3b-1");
    CliCapture.Run r = CliCapture.run("init-model", "--arch", "qwen2.5-vl-3b", "--layers", "1", "--out", out.toString());
    assertEquals(0, r.exit(), r.err());
    Qwen25VlModel m = Qwen25VlModel.load(out, new ComputeSettings(ScalarType.BFloat16, "cpu"));
    assertEquals(151936, m.config().text().vocabSize());
    assertEquals(1, m.config().text().numHiddenLayers());
  }
}
