// Group-advantage normalisations, mirroring enum ar1_adv_mode in kernels.h.
package org.anatomyr1.kernels;

/** How rewards of a group become advantages ({@code ar1_adv_mode}). */
public enum AdvantageMode {
  /** {@code (r - mean) / (std + eps)} (GRPO). */
  STD(0),
  /** {@code r - mean} (Dr.GRPO). */
  CENTER(1);

  private final int code;

  AdvantageMode(int code) {
    this.code = code;
  }

  /** The {@code ar1_adv_mode} value passed to the native call. */
  public int code() {
    return code;
  }
}
