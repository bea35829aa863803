// The embedded-default tiny model directory: written from a word list and a seed, it loads through
// the same path as a real checkpoint (config, weights, tokenizer, template, processor) and answers;
// the same seed gives byte-identical weights, another seed different ones.
package org.anatomyr1.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.anatomyr1.image.QwenImageProcessor;
import org.anatomyr1.image.RgbImage;
import org.anatomyr1.model.core.ComputeSettings;
import org.anatomyr1.model.core.Qwen25VlConfig;
import org.anatomyr1.rollout.SamplingSettings;
import org.anatomyr1.rollout.VisualChat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TinyModelDirectoryTest {
  static final List<String> WORDS = List.of("Which", "organ", "is", "shown", "liver", "kidney", "heart", "A", "B", "C");

  @Test
  void writesLoadsAndAnswers(@TempDir Path tmp) throws Exception {
    QwenImageProcessor.Settings pre = QwenImageProcessor.Settings.defaults();
    Qwen25VlConfig c = TinyTokenizerFactory.writeTinyModel(tmp.resolve("a"), WORDS, 1, pre);
    TinyTokenizerFactory.writeTinyModel(tmp.resolve("b"), WORDS, 1, pre);
    TinyTokenizerFactory.writeTinyModel(tmp.resolve("c"), WORDS, 2, pre);
    byte[] a = Files.readAllBytes(tmp.resolve("a/model.safetensors"));
    assertArrayEquals(a, Files.readAllBytes(tmp.resolve("b/model.safetensors")), "same seed, same bytes");
    assertFalse(java.util.Arrays.equals(a, Files.readAllBytes(tmp.resolve("c/model.safetensors"))), "other seed");
    assertEquals(0, c.text().vocabSize() % 64);
    try (VisualChat chat = VisualChat.load(tmp.resolve("a"), ComputeSettings.cpuFloat32())) {
      List<String> answers = chat.answer(List.of(RgbImage.blank(60, 90)), List.of("Which organ is shown?"), 4, 2,
          new SamplingSettings(1.0, 0, 1.0, 1.0, 3));
      assertEquals(2, answers.size());
    }
  }
}
