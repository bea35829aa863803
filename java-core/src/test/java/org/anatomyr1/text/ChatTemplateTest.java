// The Qwen chat template against the rendered string of shared/research/qwen2_5_vl_spec.md §6.1,
// and the generated word-level tokenizer: special tokens at the config's ids, image pads expanded.
package org.anatomyr1.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.anatomyr1.model.TinyConfigs;
import org.anatomyr1.model.core.Qwen25VlConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChatTemplateTest {
  static final ChatTemplate QWEN = new ChatTemplate("<|im_start|>", "<|im_end|>", "<|vision_start|>", "<|vision_end|>",
      "<|image_pad|>");

  @Test
  void rendersTheSpecExample() {
    assertEquals("<|im_start|>system\nYou are a helpful assistant.<|im_end|>\n<|im_start|>user\n"
        + "<|vision_start|><|image_pad|><|vision_end|>Describe this image.<|im_end|>\n<|im_start|>assistant\n",
        QWEN.render(null, new long[] {1}, "Describe this image."));
    String three = QWEN.render("Be brief.", new long[] {3}, "Q?");
    assertTrue(three.contains("<|vision_start|><|image_pad|><|image_pad|><|image_pad|><|vision_end|>Q?"), three);
    assertTrue(three.startsWith("<|im_start|>system\nBe brief.<|im_end|>"), three);
  }

  @Test
  void generatedTokenizerUsesConfigIds(@TempDir Path dir) {
    Qwen25VlConfig c = TinyConfigs.configB();
    TinyTokenizerFactory.write(dir, List.of("What", "organ", "is", "this", "liver"), TinyTokenizerFactory.specialTokens(c, 292),
        c.text().vocabSize());
    try (QwenTokenizer tok = QwenTokenizer.load(dir)) {
      ChatTemplate t = ChatTemplate.of(tok, c);
      String prompt = t.render(null, new long[] {4}, "What organ is this?");
      long[] ids = tok.encode(prompt);
      assertEquals(292, ids[0], "<|im_start|>");
      long pads = java.util.Arrays.stream(ids).filter(i -> i == c.imageTokenId()).count();
      assertEquals(4, pads);
      int vs = indexOf(ids, c.visionStartTokenId());
      assertEquals(c.imageTokenId(), ids[vs + 1]);
      assertEquals(c.visionEndTokenId(), ids[vs + 5]);
      assertEquals(prompt, tok.decode(ids, false), "decode(encode(x)) == x");
      assertEquals("system\nYou are a helpful assistant.\nuser\nWhat organ is this?\nassistant\n", tok.decode(ids, true));
      assertEquals(0, tok.encode("spleen")[0], "unknown word -> <unk>, the first free id (0 in config B)");
      PromptEncoder.Encoded enc = PromptEncoder.leftPadded(tok, List.of("liver", "What is this"), c.padTokenId());
      assertArrayEquals(new long[] {0, 0, 0, 0, 1}, enc.attentionMask()[0]);
      assertEquals(c.padTokenId(), enc.inputIds()[0][0]);
    }
  }

  @Test
  void rejectsCollidingSpecialIds() {
    Qwen25VlConfig c = TinyConfigs.configB();
    assertThrows(IllegalArgumentException.class, () -> TinyTokenizerFactory.specialTokens(c, c.imageTokenId()));
  }

  static int indexOf(long[] a, long v) {
    for (int i = 0; i < a.length; i++) if (a[i] == v) return i;
    return -1;
  }
}
