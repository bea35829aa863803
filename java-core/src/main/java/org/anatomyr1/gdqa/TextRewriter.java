// A GDQA text rewrite phi (Anatomy-R1, Group Diversity Question Augmentation): turns one prompt
// into another that asks the same thing; `keepsMeaning` is the rewrite's own semantic check.
package org.anatomyr1.gdqa;

import java.util.SplittableRandom;
import org.anatomyr1.data.VqaSample;

public interface TextRewriter {
  /** Registry name, recorded in each variant's provenance. */
  String name();

  /** The rewritten item, or the item itself when this rewrite does not apply to it. */
  VqaSample rewrite(VqaSample sample, SplittableRandom rng);

  /** Rewrite-specific check that the question still asks the same (answer checks are separate). */
  boolean keepsMeaning(String before, String after);

  /**
   * The fixed texts this rewrite can insert (templates, lead-ins): a word-level tokenizer built for
   * a dataset needs their words too, or every rewritten prompt would carry unknown tokens.
   */
  default java.util.List<String> phrases() {
    return java.util.List.of();
  }
}
