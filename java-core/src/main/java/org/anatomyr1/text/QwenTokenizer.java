// A model directory's tokenizer.json through the Hugging Face tokenizers library (DJL binding,
// native library shipped in its jar). Special tokens are matched atomically; no BOS is added.
package org.anatomyr1.text;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

public final class QwenTokenizer implements AutoCloseable {
  private final Path file;
  private final HuggingFaceTokenizer tokenizer;

  private QwenTokenizer(Path file, HuggingFaceTokenizer tokenizer) {
    this.file = file;
    this.tokenizer = tokenizer;
  }

  /** Loads {@code modelDir}/tokenizer.json. */
  public static QwenTokenizer load(Path modelDir) {
    Path file = modelDir.resolve("tokenizer.json");
    if (!Files.isRegularFile(file)) throw new IllegalArgumentException(modelDir + ": no tokenizer.json");
    try {
      // no truncation/padding: prompts are padded by PromptEncoder, long prompts are the caller's concern
      HuggingFaceTokenizer t = HuggingFaceTokenizer.newInstance(file,
          Map.of("addSpecialTokens", "false", "truncation", "false", "padding", "false"));
      return new QwenTokenizer(file, t);
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException(file + ": cannot load tokenizer: " + e.getMessage(), e);
    }
  }

  public long[] encode(String text) {
    Encoding e = tokenizer.encode(text, false, false);
    return e.getIds();
  }

  public String decode(long[] ids, boolean skipSpecialTokens) {
    return tokenizer.decode(ids, skipSpecialTokens);
  }

  /** The id of a token that must encode to exactly one id (e.g. "<|im_start|>"). */
  public long tokenId(String token) {
    long[] ids = encode(token);
    if (ids.length != 1) {
      throw new IllegalArgumentException(file + ": '" + token + "' is not a single token (encodes to "
          + java.util.Arrays.toString(ids) + ")");
    }
    return ids[0];
  }

  /** The text of a single token id, special tokens included (e.g. image_token_id -> "<|image_pad|>"). */
  public String tokenText(long id) {
    return tokenizer.decode(new long[] {id}, false);
  }

  @Override
  public void close() {
    tokenizer.close();
  }
}
