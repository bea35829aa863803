// A stand-in for Qwen2.5's tokenizer with the real id layout: 151 643 regular tokens (ids 0..151642)
// and Qwen's 22 added tokens at 151643..151664 (spec §1.3), written in the word-level format of
// TinyTokenizerFactory. The regular tokens are the tiny tokenizer's characters and template words
// plus numbered filler words: the BPE merges of the real tokenizer cannot be shipped, but every id
// the model can emit decodes, and chat prompts encode to Qwen's special-token ids.
package org.anatomyr1.text;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.anatomyr1.model.core.Qwen25VlConfig;

public final class QwenSizedTokenizerFactory {
  private QwenSizedTokenizerFactory() {}

  /** Regular (BPE) vocabulary size of Qwen2.5. */
  public static final int REGULAR_TOKENS = 151_643;

  /** Qwen2.5-VL's added tokens in id order, starting at {@link #REGULAR_TOKENS}. */
  static final String[] ADDED = {"<|endoftext|>", "<|im_start|>", "<|im_end|>", "<|object_ref_start|>",
      "<|object_ref_end|>", "<|box_start|>", "<|box_end|>", "<|quad_start|>", "<|quad_end|>", "<|vision_start|>",
      "<|vision_end|>", "<|vision_pad|>", "<|image_pad|>", "<|video_pad|>", "<tool_call>", "</tool_call>",
      "<|fim_prefix|>", "<|fim_middle|>", "<|fim_suffix|>", "<|fim_pad|>", "<|repo_name|>", "<|file_sep|>"};

  /** Token ids of the 22 added tokens. */
  public static Map<String, Integer> addedTokens() {
    Map<String, Integer> m = new LinkedHashMap<>();
    for (int i = 0; i < ADDED.length; i++) m.put(ADDED[i], REGULAR_TOKENS + i);
    return m;
  }

  /**
   * Writes tokenizer.json and tokenizer_config.json for {@code config}, which must use Qwen's ids
   * (a field that differs is named in the error).
   */
  public static void write(Path dir, Qwen25VlConfig config, List<String> extraWords) {
    Map<String, Integer> added = addedTokens();
    int vocab = config.text().vocabSize();
    if (vocab < REGULAR_TOKENS + ADDED.length) {
      throw new IllegalArgumentException("vocab_size " + vocab + " is smaller than Qwen's " + (REGULAR_TOKENS + ADDED.length)
          + " token ids");
    }
    expect("image_token_id", config.imageTokenId(), added.get("<|image_pad|>"));
    expect("vision_start_token_id", config.visionStartTokenId(), added.get("<|vision_start|>"));
    expect("vision_end_token_id", config.visionEndTokenId(), added.get("<|vision_end|>"));
    if (config.videoTokenId() >= 0) expect("video_token_id", config.videoTokenId(), added.get("<|video_pad|>"));
    if (config.eosTokenIds().length > 0) expect("eos_token_id", config.eosTokenIds()[0], added.get("<|im_end|>"));

    List<String> words = new ArrayList<>(extraWords);
    Set<String> taken = new HashSet<>(extraWords);
    taken.addAll(List.of(TinyTokenizerFactory.TEMPLATE_WORDS));
    int have = TinyTokenizerFactory.regularTokenCount(words);
    for (int i = 0; have < REGULAR_TOKENS; i++) {
      String w = "w" + i;
      if (taken.add(w)) {
        words.add(w);
        have++;
      }
    }
    if (have != REGULAR_TOKENS) throw new IllegalStateException("regular token count " + have + " != " + REGULAR_TOKENS);
    TinyTokenizerFactory.write(dir, words, added, vocab);
  }

  private static void expect(String field, int actual, int qwen) {
    if (actual != qwen) {
      throw new IllegalArgumentException("config field '" + field + "' is " + actual + ", but Qwen's tokenizer has it at "
          + qwen);
    }
  }
}
