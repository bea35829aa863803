// `anatomy-r1 generate` end to end on a generated tiny model directory (config, weights, tokenizer,
// preprocessor config) and a PNG: exits 0 and prints an answer; a missing image is a one-line error.
package org.anatomyr1.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.anatomyr1.image.ImageFiles;
import org.anatomyr1.image.QwenImageProcessor;
import org.anatomyr1.image.RgbImage;
import org.anatomyr1.model.TinyConfigs;
import org.anatomyr1.model.TinyModelFactory;
import org.anatomyr1.model.core.ComputeSettings;
import org.anatomyr1.model.core.Qwen25VlConfig;
import org.anatomyr1.rollout.SamplingSettings;
import org.anatomyr1.rollout.VisualChat;
import org.anatomyr1.text.TinyTokenizerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GenerateCommandTest {
  static final long SEED = 3L;

  static Path tinyModelDir(Path dir) {
    Qwen25VlConfig c = TinyConfigs.configB();
    QwenImageProcessor.Settings pre = new QwenImageProcessor.Settings(3136, 12544, 14, 2, 2,
        new double[] {0.48145466, 0.4578275, 0.40821073}, new double[] {0.26862954, 0.26130258, 0.27577711}, 1.0 / 255,
        true, true, true);
    TinyModelFactory.save(dir, c, TinyModelFactory.randomWeights(c, SEED), pre, Long.MAX_VALUE);
    TinyTokenizerFactory.write(dir, List.of("What", "organ", "is", "this", "liver", "heart"),
        TinyTokenizerFactory.specialTokens(c, 292), c.text().vocabSize());
    return dir;
  }

  @Test
  void answersAQuestion(@TempDir Path tmp) {
    System.out.println("GenerateCommandTest seed " + SEED);
    Path model = tinyModelDir(tmp.resolve("model"));
    byte[] px = new byte[90 * 120 * 3];
    new Random(SEED).nextBytes(px);
    Path png = tmp.resolve("img.png");
    ImageFiles.writePng(png, new RgbImage(90, 120, px));

    PrintStream old = System.out;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    int rc;
    try {
      System.setOut(new PrintStream(buf, true));
      rc = Main.run("generate", "--model", model.toString(), "--image", png.toString(), "--question", "What organ is this?",
          "--max-new-tokens", "5");
    } finally {
      System.setOut(old);
    }
    assertEquals(0, rc);
    String printed = buf.toString().strip();
    try (VisualChat chat = VisualChat.load(model, ComputeSettings.cpuFloat32())) {
      String expected = chat.answer(List.of(ImageFiles.read(png)), List.of("What organ is this?"), 5, 1,
          SamplingSettings.greedy()).get(0).strip();
      assertEquals(expected, printed);
      List<String> group = chat.answer(List.of(ImageFiles.read(png)), List.of("What organ is this?"), 5, 3,
          new SamplingSettings(1.0, 0, 1.0, 1.0, SEED));
      assertEquals(3, group.size());
    }
    assertTrue(Main.run("generate", "--model", model.toString(), "--image", tmp.resolve("missing.png").toString(),
        "--question", "q") != 0);
  }
}
