// GPG's gradient rescaling alpha = B / (B - M): B groups of which M have zero reward variance
// (and so no gradient); the loss is multiplied by alpha so that the valid groups keep full weight.
// Anatomy-R1's patch of ms-swift divides by inverse_alpha = (B - M) / B, the same thing.
package org.anatomyr1.rl;

public final class GpgAlpha {
  private GpgAlpha() {}

  /** alpha for B groups with M zero-variance ones; 1 when every group is degenerate (loss is 0). */
  public static double of(int groups, int zeroVarianceGroups) {
    if (groups < 0 || zeroVarianceGroups < 0 || zeroVarianceGroups > groups) {
      throw new IllegalArgumentException("need 0 <= zero-variance groups (" + zeroVarianceGroups
          + ") <= groups (" + groups + ")");
    }
    int valid = groups - zeroVarianceGroups;
    return valid == 0 ? 1.0 : (double) groups / valid;
  }
}
