// Tokenizes rendered prompts and left-pads them into a batch: input_ids and attention_mask [B][T],
// padding with the checkpoint's pad id on the left so every prompt ends at the last column.
package org.anatomyr1.text;

import java.util.Arrays;
import java.util.List;

public final class PromptEncoder {
  private PromptEncoder() {}

  public record Encoded(long[][] inputIds, long[][] attentionMask) {}

  public static Encoded leftPadded(QwenTokenizer tokenizer, List<String> prompts, long padId) {
    long[][] ids = new long[prompts.size()][];
    int max = 0;
    for (int i = 0; i < ids.length; i++) {
      ids[i] = tokenizer.encode(prompts.get(i));
      if (ids[i].length == 0) throw new IllegalArgumentException("prompt " + i + " encodes to no tokens");
      max = Math.max(max, ids[i].length);
    }
    long[][] outIds = new long[ids.length][max];
    long[][] mask = new long[ids.length][max];
    for (int i = 0; i < ids.length; i++) {
      int pad = max - ids[i].length;
      Arrays.fill(outIds[i], 0, pad, padId);
      System.arraycopy(ids[i], 0, outIds[i], pad, ids[i].length);
      Arrays.fill(mask[i], pad, max, 1);
    }
    return new Encoded(outIds, mask);
  }
}
