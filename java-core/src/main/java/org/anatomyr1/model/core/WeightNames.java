// Maps the checkpoint key layouts of Qwen2.5-VL onto one internal layout: the original
// `visual.*`/`model.*`/`lm_head.*` names (Hub checkpoints, transformers <= 4.51) and the newer
// `model.visual.*`/`model.language_model.*` ones (save_pretrained since ~4.52). Internal: `vis.*`,
// `lm.*`, `lm_head.weight` (spec §2.2).
package org.anatomyr1.model.core;

public final class WeightNames {
  private WeightNames() {}

  /** The internal name of a checkpoint key, or null when the key is not a Qwen2.5-VL weight name. */
  public static String normalize(String key) {
    if (key.equals("lm_head.weight")) return key;
    if (key.startsWith("model.language_model.")) return "lm." + key.substring("model.language_model.".length());
    if (key.startsWith("model.visual.")) return "vis." + key.substring("model.visual.".length());
    if (key.startsWith("visual.")) return "vis." + key.substring("visual.".length());
    if (key.startsWith("model.")) return "lm." + key.substring("model.".length());
    return null;
  }

  /** The original (Hub) checkpoint key of an internal name, loadable by every transformers version. */
  public static String toCheckpoint(String internal) {
    if (internal.equals("lm_head.weight")) return internal;
    if (internal.startsWith("vis.")) return "visual." + internal.substring(4);
    if (internal.startsWith("lm.")) return "model." + internal.substring(3);
    throw new IllegalArgumentException("not an internal weight name: " + internal);
  }
}
